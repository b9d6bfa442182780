/** Stylesheets imported as text (`with { type: 'text' }`), for adopting into a shadow root. */
declare module '*.css' {
  const text: string;
  export default text;
}
