/** Who asks for labelled data: what the decision point knows of a participant or user, reduced to what labels need. */
export type LabelClearance = { readonly policy: string; readonly classification: string };

export type LabelSubject = {
  /**
   * ISO 3166-1 alpha-3 code of the subject's nation ("FRA"); an EU institution uses "EUE" (see src/trust/countries.ts),
   * a NATO body "NATO". Matched against the values of each PERMISSIVE category that the policy marks `nationality`.
   */
  readonly nationality: string;
  /** Security clearances held, each under a named policy; a clearance under an unknown policy grants nothing. */
  readonly clearances: readonly LabelClearance[];
  /**
   * Values held for the other PERMISSIVE and RESTRICTIVE categories (communities of interest, special handling),
   * matched by value whatever the category's tag name: policies keep their enumerated values distinct.
   */
  readonly categoryValues: ReadonlySet<string> | readonly string[];
};
