// xtb's imaginary-mode convention, in one place that client components may import too
// (lib/xtb/stored-results.ts, server code, re-exports it for the worker).

/**
 * xtb's thermochemistry treats a mode as imaginary below −20 cm⁻¹ ("imag. cutoff"); shallower
 * negative wavenumbers are numerical noise of the finite-difference Hessian.
 */
export const IMAGINARY_MODE_THRESHOLD_CM1 = -20;

/** True for a mode xtb counts as imaginary. The one test used everywhere (warnings, counts, UI). */
export function isImaginaryMode(wavenumberCm1: number): boolean {
  return wavenumberCm1 < IMAGINARY_MODE_THRESHOLD_CM1;
}
