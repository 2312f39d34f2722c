import { Migration } from '@mikro-orm/migrations';

/**
 * The paid-service catalogue (特约服务项目, management plan §(6)): 56 services in four classes, as the
 * company default every property starts from. Prices are labour in fen, a little under the market
 * (the plan's rule); materials are charged on top. Properties edit their own copy (setServiceItem).
 */
const DEFAULT_CATALOGUE: [code: string, category: string, name: string, priceFen: number, unit: string][] = [
  ['S01', 'ERRANDS', '信件代收、发服务', 0, '次'],
  ['S02', 'ERRANDS', '报刊代订服务', 0, '次'],
  ['S03', 'ERRANDS', '代冲胶卷服务', 500, '卷'],
  ['S04', 'ERRANDS', '借用常用维修工具、电器', 0, '次'],
  ['S05', 'ERRANDS', '打字', 200, '页'],
  ['S06', 'ERRANDS', '复印', 50, '页'],
  ['S07', 'ERRANDS', '24小时计时保姆小管家', 3000, '小时'],
  ['S08', 'CLEANING', '大理石打蜡', 800, '㎡'],
  ['S09', 'CLEANING', '木地板打蜡', 600, '㎡'],
  ['S10', 'CLEANING', '玻璃除尘、清洗和消毒', 300, '㎡'],
  ['S11', 'CLEANING', '地毯饰毯吸尘和清洗', 800, '㎡'],
  ['S12', 'CLEANING', '真皮沙发清洗护理', 15000, '套'],
  ['S13', 'CLEANING', '日常保洁(开荒)', 500, '㎡'],
  ['S14', 'CLEANING', '车辆清洗', 3000, '次'],
  ['S15', 'CLEANING', '清洁抽油烟机', 12000, '台'],
  ['S16', 'CLEANING', '清洁排风扇', 3000, '台'],
  ['S17', 'CLEANING', '清洁空调过滤网', 3000, '台'],
  ['S18', 'INSTALLATION', '安装窗式空调', 15000, '台'],
  ['S19', 'INSTALLATION', '安装分体空调', 20000, '台'],
  ['S20', 'INSTALLATION', '安装铝合金空调支架', 8000, '个'],
  ['S21', 'INSTALLATION', '安装洗衣机', 5000, '台'],
  ['S22', 'INSTALLATION', '安装抽油烟机', 10000, '台'],
  ['S23', 'INSTALLATION', '安装排风扇', 5000, '台'],
  ['S24', 'INSTALLATION', '安装电热水器', 10000, '台'],
  ['S25', 'INSTALLATION', '安装气热水器', 15000, '台'],
  ['S26', 'INSTALLATION', '安装防盗门', 20000, '樘'],
  ['S27', 'INSTALLATION', '安装水表', 5000, '个'],
  ['S28', 'INSTALLATION', '安装洗手盆', 8000, '个'],
  ['S29', 'INSTALLATION', '安装洗菜盆', 8000, '个'],
  ['S30', 'INSTALLATION', '安装门锁', 5000, '把'],
  ['S31', 'INSTALLATION', '安装玻璃', 4000, '块'],
  ['S32', 'INSTALLATION', '安装灯具、门铃等', 3000, '个'],
  ['S33', 'INSTALLATION', '安装水管', 2000, '米'],
  ['S34', 'INSTALLATION', '安装阀门', 3000, '个'],
  ['S35', 'INSTALLATION', '安装室内电路', 2000, '米'],
  ['S36', 'REPAIR', '维修浴缸堵塞', 5000, '次'],
  ['S37', 'REPAIR', '维修浴缸漏水', 6000, '次'],
  ['S38', 'REPAIR', '维修洗手、菜盆堵塞', 4000, '次'],
  ['S39', 'REPAIR', '维修马桶漏水', 5000, '次'],
  ['S40', 'REPAIR', '维修马桶堵塞', 5000, '次'],
  ['S41', 'REPAIR', '维修地漏疏通', 4000, '次'],
  ['S42', 'REPAIR', '维修水龙头漏水', 3000, '次'],
  ['S43', 'REPAIR', '维修水表漏水', 3000, '次'],
  ['S44', 'REPAIR', '维修抽油烟机', 8000, '台'],
  ['S45', 'REPAIR', '维修排风扇', 5000, '台'],
  ['S46', 'REPAIR', '维修电热水器', 8000, '台'],
  ['S47', 'REPAIR', '维修气热水器', 8000, '台'],
  ['S48', 'REPAIR', '维修室内电路', 5000, '次'],
  ['S49', 'REPAIR', '维修电话', 3000, '部'],
  ['S50', 'REPAIR', '维修电源插座', 2000, '个'],
  ['S51', 'REPAIR', '维修电表箱开关', 3000, '个'],
  ['S52', 'REPAIR', '修补瓷砖', 3000, '块'],
  ['S53', 'REPAIR', '刷油漆', 1500, '㎡'],
  ['S54', 'REPAIR', '维修散热片漏水', 6000, '组'],
  ['S55', 'REPAIR', '维修灯具', 2000, '个'],
  ['S56', 'REPAIR', '维修铝合金拉手', 2000, '个'],
];

/** Every callback kept (ticket_callback), the service catalogue, and paid-service facts on tickets. */
export class Migration20261122080738 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "service_category" as enum ('ERRANDS', 'CLEANING', 'INSTALLATION', 'REPAIR');`);
    this.addSql(`create table "service_item" ("id" uuid not null, "property_id" uuid null, "code" varchar(255) not null, "category" "service_category" not null, "name" varchar(255) not null, "price_fen" int not null, "unit" varchar(255) not null default '次', "active" boolean not null default true, "updated_at" timestamptz not null, "updated_by" varchar(255) null, constraint "service_item_pkey" primary key ("id"));`);
    this.addSql(`create unique index "service_item_property_code_key" on "service_item" ("property_id", "code") where "property_id" is not null;`);
    this.addSql(`create unique index "service_item_default_code_key" on "service_item" ("code") where "property_id" is null;`);
    for (const [code, category, itemName, priceFen, unit] of DEFAULT_CATALOGUE) {
      this.addSql(`insert into "service_item" ("id", "property_id", "code", "category", "name", "price_fen", "unit", "active", "updated_at") values (gen_random_uuid(), null, '${code}', '${category}', '${itemName}', ${priceFen}, '${unit}', true, now());`);
    }

    this.addSql(`create table "ticket_callback" ("id" uuid not null, "ticket_id" uuid not null, "property_id" uuid not null, "kind" "ticket_kind" not null, "at" timestamptz not null, "by" varchar(255) not null, "resolved" boolean not null, "satisfaction" "satisfaction" not null, "comment" text null, "late" boolean not null default false, constraint "ticket_callback_pkey" primary key ("id"));`);
    this.addSql(`create index "ticket_callback_property_id_at_index" on "ticket_callback" ("property_id", "at");`);
    this.addSql(`create index "ticket_callback_ticket_id_at_index" on "ticket_callback" ("ticket_id", "at");`);
    // Callbacks recorded so far lived on the ticket: keep them.
    this.addSql(`insert into "ticket_callback" ("id", "ticket_id", "property_id", "kind", "at", "by", "resolved", "satisfaction", "comment")
      select gen_random_uuid(), "id", "property_id", "kind", "callback_at", coalesce("callback_by", ''), coalesce("callback_resolved", true), "callback_satisfaction", "callback_comment"
        from "ticket" where "callback_at" is not null and "callback_satisfaction" is not null;`);
    this.addSql(`alter table "ticket" drop column "callback_by", drop column "callback_resolved", drop column "callback_satisfaction", drop column "callback_comment";`);

    this.addSql(`alter table "ticket" add column "service_code" varchar(255) null, add column "service_name" varchar(255) null, add column "quoted_fee_fen" int null, add column "materials" text null;`);
    this.addSql(`create index "ticket_paid_idx" on "ticket" ("property_id", "resolved_at") where "fee_fen" > 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "ticket_paid_idx";`);
    this.addSql(`alter table "ticket" drop column "service_code", drop column "service_name", drop column "quoted_fee_fen", drop column "materials";`);
    this.addSql(`alter table "ticket" add column "callback_by" varchar(255) null, add column "callback_resolved" bool null, add column "callback_satisfaction" "satisfaction" null, add column "callback_comment" text null;`);
    this.addSql(`drop table if exists "ticket_callback" cascade;`);
    this.addSql(`drop table if exists "service_item" cascade;`);
    this.addSql(`drop type "service_category";`);
  }
}
