/**
 * Azure Bastion (articles/bastion/configuration-settings.md): about 20 concurrent RDP or 40 SSH
 * sessions per instance; the Basic SKU has 2 instances. An RDP session therefore weighs two SSH
 * sessions: capacity is counted in SSH-session units (net/admission.ts).
 */
export const BASTION = Object.freeze({
  rdpPerInstance: 20,
  sshPerInstance: 40,
  basicInstances: 2,
});

export type BastionSessionKind = 'rdp' | 'ssh';

/** Session units per instance, and what one session of each kind takes. */
export const BASTION_UNITS = Object.freeze({
  perInstance: BASTION.sshPerInstance,
  rdp: BASTION.sshPerInstance / BASTION.rdpPerInstance,
  ssh: 1,
});

export function bastionCapacity(instances: number = BASTION.basicInstances): number {
  if (!(Number.isInteger(instances) && instances >= 1))
    throw new Error(`Bastion: instances must be an integer >= 1, got ${instances}`);
  return instances * BASTION_UNITS.perInstance;
}
