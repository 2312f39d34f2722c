export { maskIdNumber, maskPhone } from '@pm/identity';
