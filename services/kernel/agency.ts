export const AGENCIES = ['police', 'fire', 'health', 'transport', 'safety'] as const;
export type Agency = (typeof AGENCIES)[number];

export function isAgency(value: string): value is Agency {
  return (AGENCIES as readonly string[]).includes(value);
}
