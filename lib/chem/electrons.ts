// Charge and spin checks for every input path. xtb 6.5.1 does not check them: water with --uhf 1
// "terminates normally" with a meaningless energy, so an impossible spin state must never reach it.
import type { InputIssue } from './chem-input-error.ts';
import { DEFAULT_MAX_ABS_CHARGE } from './input-limits.ts';

export type ElectronCheck = {
  /** Sum of atomic numbers (all atoms, hydrogens included). */
  nuclearCharge: number;
  charge: number;
  /** Unpaired electrons, xtb's --uhf (multiplicity − 1). */
  uhf: number;
  maxAbsCharge?: number;
};

export type ElectronCount = { ok: true; electrons: number } | { ok: false; issues: InputIssue[] };

export function countElectrons({ nuclearCharge, charge, uhf, maxAbsCharge = DEFAULT_MAX_ABS_CHARGE }: ElectronCheck): ElectronCount {
  const issues: InputIssue[] = [];
  if (!Number.isInteger(charge)) {
    issues.push({ field: 'charge', message: `charge must be a whole number, got ${charge}` });
  } else if (Math.abs(charge) > maxAbsCharge) {
    issues.push({ field: 'charge', message: `charge ${signed(charge)} is outside the allowed range -${maxAbsCharge} to +${maxAbsCharge}` });
  }
  if (!Number.isInteger(uhf) || uhf < 0) {
    issues.push({ field: 'uhf', message: `unpaired electrons must be a whole number of at least 0, got ${uhf}` });
  }
  if (issues.length > 0) return { ok: false, issues };

  const electrons = nuclearCharge - charge;
  if (electrons < 1) {
    return { ok: false, issues: [{ field: 'charge', message: `charge ${signed(charge)} leaves ${electrons} electrons: nothing to compute` }] };
  }
  if (uhf > electrons) {
    return {
      ok: false,
      issues: [{ field: 'uhf', message: `${uhf} unpaired electrons exceed the ${electrons} electrons of the molecule (charge ${signed(charge)})` }],
    };
  }
  if ((electrons - uhf) % 2 !== 0) {
    const suggestion =
      electrons % 2 === 0 ? 'an even number of unpaired electrons (0 for a closed shell)' : 'an odd number of unpaired electrons (1 for a doublet)';
    return {
      ok: false,
      issues: [
        {
          field: 'uhf',
          message:
            `${electrons} electrons with charge ${signed(charge)} cannot have ${uhf} unpaired electron${uhf === 1 ? '' : 's'}: ` +
            `parity mismatch: use ${suggestion} or change the charge`,
        },
      ],
    };
  }
  return { ok: true, electrons };
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}
