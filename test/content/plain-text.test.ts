import { describe, expect, it } from "vitest";
import { htmlToText, markdownToPlainText } from "../../src/content/plain-text.js";

describe("markdownToPlainText", () => {
  it.each([
    ["headings and paragraphs, one per line", "# Заголовок\n\nПервый абзац.\n\n## Подзаголовок\n\nВторой абзац.",
      "Заголовок\nПервый абзац.\nПодзаголовок\nВторой абзац."],
    ["emphasis, inline code and links keep only the text",
      "**Жирный**, *курсив*, `1234#` и [ссылка](https://butlerspb.ru/) на [пост](/blog/x/).",
      "Жирный, курсив, 1234# и ссылка на пост."],
    ["unsafe and anchor links keep their text, not the markup",
      "Смотрите [схему](javascript:openMap()) и [раздел](#kody).", "Смотрите схему и раздел."],
    ["soft break is a space, hard break a new line", "строка один\nстрока два  \nстрока три",
      "строка один строка два\nстрока три"],
    ["entities are decoded, NBSP becomes a space", "90&nbsp;000 ₽ &mdash; &laquo;ёлка&raquo; &amp; &#x1F3E0;",
      "90 000 ₽ — «ёлка» & 🏠"],
    ["text with < > & stays text", "цена < 5000 ₽ & скидки > 10%", "цена < 5000 ₽ & скидки > 10%"],
    ["escaped HTML stays literal text", "&lt;b&gt;не тег&lt;/b&gt;", "<b>не тег</b>"],
    ["inline raw HTML: tags dropped, text kept, <br> breaks the line",
      'Текст <b>жирный</b> и <a href="https://butlerspb.ru" target="_blank" rel="nofollow">ссылка</a><br>дальше',
      "Текст жирный и ссылка\nдальше"],
    ["raw HTML in a heading", '### 1. Проактивность <a href="https://butlerspb.ru" target="_blank" rel="nofollow">на сайте</a>',
      "1. Проактивность на сайте"],
    ["HTML block with entities and nested tags",
      '<div class="callout">\n<p><b>Важно:</b> код действует с 14:00.<br>Потом &mdash; сброс &amp; новый код.</p>\n</div>',
      "Важно: код действует с 14:00.\nПотом — сброс & новый код."],
    ["details/summary with Markdown inside",
      "<details>\n<summary>Что проверяет менеджер</summary>\n\nТри **признака**.\n\n</details>",
      "Что проверяет менеджер\nТри признака."],
    ["script, style and comments are not text",
      "<style>p { color: red }</style>\n\nАбзац <!-- скрыто --> виден.\n\n<script>alert('x')</script>",
      "Абзац виден."],
    ["table: a row per line, cells joined with |",
      "| Район | Цена |\n|---|---:|\n| Центр | 4 500 ₽ |\n| **Васильевский** | `3 800 ₽` |",
      "Район | Цена\nЦентр | 4 500 ₽\nВасильевский | 3 800 ₽"],
    ["nested lists, ordered inside unordered",
      "- Спальня:\n  1. Снять бельё.\n     - Наволочки отдельно.\n  2. Протереть пыль.\n- Кухня",
      "Спальня:\nСнять бельё.\nНаволочки отдельно.\nПротереть пыль.\nКухня"],
    ["nested blockquotes", "> Гость пишет:\n>\n> > Всё отлично 🔑\n>\n> Конец.", "Гость пишет:\nВсё отлично 🔑\nКонец."],
    ["fenced code keeps its lines, without the fence or language",
      "Шаблон:\n\n```ts\nconst a = 1 < 2 && b > 3;\n\nexport {};\n```", "Шаблон:\nconst a = 1 < 2 && b > 3;\nexport {};"],
    ["indented code block", "Текст\n\n    код строка\n", "Текст\nкод строка"],
    ["images give their alt text",
      "![Спальня перед заездом](https://images.unsplash.com/photo-1) и ![Ключница](/images/blog/k.jpg)", "Спальня перед заездом и Ключница"],
    ["horizontal rules and empty blocks disappear", "Раз\n\n---\n\n   \n\nДва", "Раз\nДва"],
    ["empty input", "", ""],
  ])("%s", (_case, markdown, expected) => {
    expect(markdownToPlainText(markdown)).toBe(expected);
  });
});

describe("htmlToText", () => {
  it.each([
    ["quoted > inside an attribute does not end the tag", '<a href="/x?a>b" title=\'1 > 0\'>текст</a>', "текст"],
    ["unclosed script swallows the rest", "до<script>var a = '<b>';", "до"],
    ["a lone < is text", "a < b", "a < b"],
    ["unterminated comment is dropped", "текст<!-- без конца", "текст"],
    ["block tags break lines", "<ul><li>раз</li><li>два</li></ul>", "\n\nраз\n\nдва\n\n"],
  ])("%s", (_case, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });
});
