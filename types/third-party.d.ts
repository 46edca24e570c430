// natural's package index loads dotenv (which prints to stdout) and database
// clients; we deep-import only the stemmer and the stop-word list.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: readonly string[];
}

// munkres-js ships no types; it is a test oracle and benchmark peer only.
declare module 'munkres-js' {
  /** Minimum-cost assignment of a (possibly rectangular) cost matrix: [row, col] pairs. */
  function computeMunkres(costMatrix: number[][]): [number, number][];
  export default computeMunkres;
}
