// The sign-in and sign-up forms name their controls as a visitor would look for them.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AuthForm } from './auth-form';

const noAction = async () => null;

describe('AuthForm', () => {
  it('signs in with "Email", "Password" and a "Sign in" button, and links to "Sign up"', () => {
    const html = renderToStaticMarkup(<AuthForm mode="sign-in" action={noAction} />);
    expect(html).toMatch(/<label[^>]*><span[^>]*>Email<\/span>/);
    expect(html).toMatch(/<label[^>]*><span[^>]*>Password<\/span>/);
    expect(html).toMatch(/<button[^>]*type="submit"[^>]*>Sign in<\/button>/);
    expect(html).toMatch(/<a[^>]*href="\/sign-up"[^>]*>Sign up<\/a>/);
  });

  it('signs up with "Name", "Email", "Password" and a "Sign up" button, and links to "Sign in"', () => {
    const html = renderToStaticMarkup(<AuthForm mode="sign-up" action={noAction} />);
    for (const label of ['Name', 'Email', 'Password']) expect(html).toMatch(new RegExp(`<label[^>]*><span[^>]*>${label}</span>`));
    expect(html).toMatch(/<button[^>]*type="submit"[^>]*>Sign up<\/button>/);
    expect(html).toMatch(/<a[^>]*href="\/sign-in"[^>]*>Sign in<\/a>/);
  });
});
