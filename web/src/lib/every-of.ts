/**
 * A list of every value of a union (an API enum, for select options), checked both ways by the compiler: nothing
 * outside the union and nothing missing, so a value the server adds fails the typecheck until the list has it.
 */
export const everyOf =
  <T extends string>() =>
  <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ): L =>
    list;

/** A value read from outside (a URL filter) as one of a union's values, or undefined when it is not one. */
export const oneOf = <const L extends readonly string[]>(list: L, value: string | undefined): L[number] | undefined =>
  list.find((v) => v === value);
