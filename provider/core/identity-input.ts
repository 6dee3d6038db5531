/**
 * The hidden input through which every SDK class sends its resource identity (see `sdk/identity.ts`): the one name
 * the SDK and `defineProvider` share. Validation never sees it; a create receives it as its context.
 */
export const IDENTITY_INPUT = "__identity";
