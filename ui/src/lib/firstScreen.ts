/** The performance mark of the moment the first screen's address field accepts input: set by
 * the prerendered page while it is parsed (src/prerender.ts) or by main.ts after mounting, and
 * read by the start-up benchmark and the window tests. */
export const FIRST_SCREEN_MARK = 'iot-https:first-screen';
