// Which catalogues have arrived, as a rune: lookups read it, so a text shown before its
// language's catalogue was loaded (English meanwhile) is redrawn once it is (catalogue.ts).
let arrivals = $state(0);

export const catalogueArrivals = {
  /** Read in every lookup: the dependency that redraws on arrival. */
  get count(): number {
    return arrivals;
  },
  arrived(): void {
    arrivals += 1;
  },
};
