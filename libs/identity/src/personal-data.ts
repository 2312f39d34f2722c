import { type Identity, Role } from './identity';

/** Only a project manager (a person, never an integrator) reads personal data unmasked; every such read is audited. */
export function mayUnmask(identity: Identity): boolean {
  return identity.kind === 'staff' && identity.roles.includes(Role.PROJECT_MANAGER);
}

/** `13812345678` → `138****5678`; short or odd values keep only their last 2 characters. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (digits.length < 7) return `${'*'.repeat(Math.max(digits.length - 2, 0))}${digits.slice(-2)}`;
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** `420101199001011234` → `4201**********1234`. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 8) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, 4)}${'*'.repeat(idNumber.length - 8)}${idNumber.slice(-4)}`;
}
