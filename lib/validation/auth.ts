import { z } from 'zod';
import { findNameProblem } from '../chem/characters.ts';

export const MIN_PASSWORD_LENGTH = 8;

/** A person's name as shown to others: one line of text (no NUL, line breaks or other control characters). */
export const displayNameSchema = (whenEmpty = 'Tell us your name.') =>
  z
    .string()
    .trim()
    .min(1, whenEmpty)
    .max(80, 'At most 80 characters.')
    .superRefine((name, ctx) => {
      const problem = findNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', message: `${problem[0]!.toUpperCase()}${problem.slice(1)}.` });
    });

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid e-mail address.'),
  password: z.string().min(1, 'Enter your password.').max(200),
  next: z.string().optional(),
});

/** The rules for a password being chosen (sign-up and reset alike). */
const newPasswordSchema = z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(200, 'At most 200 characters.');

export const signUpSchema = z.object({
  displayName: displayNameSchema(),
  email: z.string().trim().toLowerCase().email('Enter a valid e-mail address.'),
  password: newPasswordSchema,
});

export const forgotPasswordSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid e-mail address.'),
});

export const resetPasswordSchema = z
  .object({ password: newPasswordSchema, confirmPassword: z.string().max(200, 'At most 200 characters.') })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'The two passwords are not the same.' });
