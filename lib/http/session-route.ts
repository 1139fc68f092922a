// A page's route handler (downloads, exports) for the signed-in session: no session is a 401
// problem, anything thrown becomes a problem document (UserErrors keep their words).
import 'server-only';
import { getCurrentUser, type CurrentUser } from '../auth/require-user.ts';
import { UserError } from '../errors/user-error.ts';
import { problemFromError } from './problem.ts';

export async function withSessionUser(context: string, work: (user: CurrentUser) => Promise<Response>): Promise<Response> {
  try {
    const user = await getCurrentUser();
    if (!user) throw new UserError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.');
    return await work(user);
  } catch (error) {
    return problemFromError(error, context);
  }
}
