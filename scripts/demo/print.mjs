// How the demo talks: numbered steps, indented lines, colours only on a terminal.

const tty = process.stdout.isTTY;
const paint = (code) => (text) => (tty ? `\x1b[${code}m${text}\x1b[0m` : String(text));
export const bold = paint('1');
export const dim = paint('2');
export const green = paint('32');
export const red = paint('31');
export const cyan = paint('36');
export const yellow = paint('33');

/** Ids are UUIDv7 (time first), so their tails tell them apart. */
export const short = (id) => `…${String(id).slice(-6)}`;

let stepNo = 0;
export const step = (title) => console.log(`\n${bold(`${++stepNo}. ${title}`)}`);
export const say = (text) => console.log(`   ${text}`);
export const note = (text) => console.log(`   ${dim(text)}`);
