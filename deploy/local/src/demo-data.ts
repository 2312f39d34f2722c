import { idNumberCheckDigit } from '@pm/graphql';

/** Deterministic pseudo-random numbers, so every fresh machine gets the same demo property. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '慧', '建国', '志强', '晓燕', '海燕', '桂英', '玉兰', '子涵', '浩然', '欣怡', '宇轩'];

export const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)];

export function chineseName(random: () => number): string {
  return pick(random, [...SURNAMES]) + pick(random, GIVEN);
}

export function mobile(random: () => number): string {
  return `1${pick(random, ['38', '39', '58', '86', '36', '52', '77'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
}

/** A checksum-valid (but fictitious) identity card number from Wuhan (4201..). */
export function idNumber(random: () => number): string {
  const year = 1950 + Math.floor(random() * 50);
  const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
  const first17 = `420106${year}${month}${day}${String(Math.floor(random() * 1000)).padStart(3, '0')}`;
  return first17 + idNumberCheckDigit(first17);
}

/** What the desk registers in a typical week, by kind. */
export const TICKET_SAMPLES = [
  { kind: 'REPAIR', title: '厨房水管漏水', urgency: 'NORMAL' },
  { kind: 'REPAIR', title: '卫生间马桶堵塞', urgency: 'NORMAL' },
  { kind: 'REPAIR', title: '客厅灯具不亮', urgency: 'NORMAL' },
  { kind: 'REPAIR', title: '入户门锁损坏', urgency: 'NORMAL' },
  { kind: 'REPAIR', title: '水管爆裂，楼下渗水', urgency: 'EMERGENCY' },
  { kind: 'REPAIR', title: '全屋突然停电', urgency: 'EMERGENCY' },
  { kind: 'REPAIR', title: '空调外机异响', urgency: 'NORMAL' },
  { kind: 'COMPLAINT', title: '夜间装修噪音扰民', incidentKey: 'noise-night-renovation' },
  { kind: 'COMPLAINT', title: '电梯经常停运' },
  { kind: 'COMPLAINT', title: '楼道堆放杂物未清理' },
  { kind: 'COMPLAINT', title: '保安态度不好' },
  { kind: 'REQUEST', title: '申请开具物业费发票' },
  { kind: 'REQUEST', title: '申请临时停车证' },
  { kind: 'SUGGESTION', title: '建议增加儿童游乐设施' },
  { kind: 'SUGGESTION', title: '建议延长会所开放时间' },
  { kind: 'INQUIRY', title: '咨询装修办理流程' },
  { kind: 'INQUIRY', title: '咨询停车月卡价格' },
  { kind: 'PATROL_FINDING', title: '3栋消防通道被占用', channel: 'PATROL' },
  { kind: 'PATROL_FINDING', title: '地下车库照明损坏', channel: 'PATROL' },
] as const;
