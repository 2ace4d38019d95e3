import { stemWord } from "./normalize.js";

/**
 * Words of how people ask, not of what they ask about: interrogatives, modal words, requests and
 * fillers («подскажите, можно ли…», «как…», «хочу…»). Query side only (the index keeps them: a post may be
 * *about* «как»-questions): in a query they are not content words, so they neither need to match nor
 * count as unknown. Folded forms (lower case, ё→е).
 */
export const QUESTION_WORDS: ReadonlySet<string> = new Set(
  (
    "как что сколько можно нужно нужен нужна нужны надо ли подскажите подскажи скажите скажи расскажите расскажи " +
    "посоветуйте посоветуй помогите помоги хочу хотим хотел хотела хотели хотелось бы где когда почему зачем куда " +
    "откуда какой какая какое какие каких каким какую каком чем кто делать сделать лучше правильно вообще пожалуйста " +
    "мне меня мой моя мою мои моей я это если может могу можем есть еще просто вопрос интересует узнать реально такое " +
    "вы ваш ваша ваши вашей ну очень бывает бывают должно должен должна должны обязательно начать получится " +
    "например какой-то какая-то что-то кто-то где-то как-то"
  ).split(" "),
);

/**
 * Intent words: the reader asks about prices («сколько стоит», «цена», «стоимость»). They lift the posts that
 * talk about prices but never decide the topic («сколько стоит уборка» is about cleaning). Recognised by their
 * folded forms (the stem of «стоит» is «сто», a hundred), lifting by the stems of the price words.
 */
export const PRICE_INTENT_WORDS: ReadonlySet<string> = new Set(
  (
    "цена цены цену ценой цене цен ценах ценам стоимость стоимости стоимостью стоит стоят стоил стоила стоило " +
    "почем почём прайс расценки расценок тариф тарифы"
  ).split(" ").map((w) => w.replaceAll("ё", "е")),
);
/** Terms a price question lifts: the stems of the price words themselves. */
export const PRICE_LIFT_TERMS: readonly string[] = [...new Set(["цена", "цены", "стоимость", "расценки", "тариф", "прайс"].map((w) => stemWord(w)))];

export function isPriceIntentWord(folded: string): boolean {
  return PRICE_INTENT_WORDS.has(folded);
}

export function isQuestionWord(folded: string): boolean {
  return QUESTION_WORDS.has(folded);
}
