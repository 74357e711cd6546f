// Module resolve hook for register.mjs.
export async function resolve(specifier, context, next) {
  if (specifier === 'msw' || specifier.startsWith('msw/')) return next(`msw-lowest${specifier.slice(3)}`, context);
  return next(specifier, context);
}
