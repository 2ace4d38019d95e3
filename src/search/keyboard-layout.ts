/**
 * A word typed with the wrong keyboard layout on: the same keys, ЙЦУКЕН ↔ QWERTY.
 * «fhtylf» is «аренда»; `,` `.` `;` `'` `[` `]` and `` ` `` are the keys of б ю ж э х ъ ё.
 */
const LATIN_KEYS = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>~";
const CYRILLIC_KEYS = "йцукенгшщзхъфывапролджэячсмитьбюёЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮЁ";

const toCyrillic = new Map<string, string>();
const toLatin = new Map<string, string>();
for (let i = 0; i < LATIN_KEYS.length; i++) {
  toCyrillic.set(LATIN_KEYS[i]!, CYRILLIC_KEYS[i]!);
  toLatin.set(CYRILLIC_KEYS[i]!, LATIN_KEYS[i]!);
}

/** Characters a word typed on the Latin layout can consist of, when it was meant in Russian. */
export const LATIN_LAYOUT_WORD_RE = /^[A-Za-z[\]{};:'",.<>`~]+$/;
/** Characters a word typed on the Russian layout can consist of, when it was meant in Latin. */
export const CYRILLIC_LAYOUT_WORD_RE = /^[А-Яа-яЁё]+$/;

/** QWERTY keys → the ЙЦУКЕН letters on the same keys; other characters unchanged. */
export function latinToCyrillicLayout(text: string): string {
  let out = "";
  for (const ch of text) out += toCyrillic.get(ch) ?? ch;
  return out;
}

/** ЙЦУКЕН letters → the QWERTY keys under them; other characters unchanged. */
export function cyrillicToLatinLayout(text: string): string {
  let out = "";
  for (const ch of text) out += toLatin.get(ch) ?? ch;
  return out;
}
