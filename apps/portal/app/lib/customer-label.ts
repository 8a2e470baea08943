/** How a customer reads in a list of choices (page and type-ahead alike): name · company · email. */
export function customerChoiceLabel(c: { name: string; company: string | null; email: string }) {
  return [c.name, c.company, c.email].filter(Boolean).join(" · ");
}
