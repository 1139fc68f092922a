import { redirect } from 'next/navigation';

// proxy.ts has already sent visitors without a session to /sign-in.
export default function Home() {
  redirect('/editor');
}
