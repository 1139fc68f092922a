// Runs in the browser before the app's own code. zod compiles fast parsers with `new Function`
// unless told not to, and even its check for that ("may I eval?") is reported as a violation of
// the Content-Security-Policy, which allows no eval. Parsing without eval is fast enough for forms.
import { z } from 'zod';

z.config({ jitless: true });
