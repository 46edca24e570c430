// natural's package index loads dotenv (which prints to stdout) and database
// clients; we deep-import only the stemmer and the stop-word list.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: readonly string[];
}
