// `node --import ./test/msw-lowest/register.mjs`: every import of `msw` or `msw/...` resolves to the
// lowest msw of our peer range (devDependency `msw-lowest`), so the same tests prove both ends.
import { register } from 'node:module';

register('./resolve.mjs', import.meta.url);
