import { z } from 'zod';

export const MIN_PASSWORD_LENGTH = 8;

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid e-mail address.'),
  password: z.string().min(1, 'Enter your password.').max(200),
  next: z.string().optional(),
});

export const signUpSchema = z.object({
  displayName: z.string().trim().min(1, 'Tell us your name.').max(80, 'At most 80 characters.'),
  email: z.string().trim().toLowerCase().email('Enter a valid e-mail address.'),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`).max(200, 'At most 200 characters.'),
});
