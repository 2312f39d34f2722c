export { connectionOf, LazyCountConnection, PageInfo } from './connection';
export type { ConnectionResult } from './connection';
export { decodeCursor, encodeCursor, MAX_PAGE_SIZE, paginate } from './keyset';
export type { NamedOrder, PageRequest, SortKey } from './keyset';
export { DateScalar, DateTimeScalar, isIsoDate } from './scalars';
export { idNumberCheckDigit, isValidIdNumber, PHONE_MESSAGE, PHONE_PATTERN } from './patterns';
export { PageArgs } from './page-args';
export { Department } from './department';
