/**
 * Splits normalised text into the units the situation reader classifies, and marks which words
 * stand in the scope of a negation or an uncertainty. One left-to-right pass: linear in the text.
 */
import { tokenise } from './normalise.js';

/** A word of a unit; `scope` is '!' inside a negation, '?' inside an uncertainty, '' otherwise. */
export interface MarkedWord {
  word: string;
  scope: '' | '!' | '?';
  /** The first word after a comma, colon or bracket: units can be read piece by piece too. */
  piece?: boolean;
}

/** Words that open a negation scope ("no windows", "nothing sensitive", "not a legacy system"). */
const NEGATION_CUES = new Set([
  ...['no', 'not', 'never', 'nothing', 'none', 'without', 'neither', 'nor', 'zero', 'nobody', 'nowhere', 'cannot'],
  // Chat spells contractions without the apostrophe ("doesnt scale", "dont need windows").
  ...[
    'dont',
    'doesnt',
    'didnt',
    'isnt',
    'arent',
    'wasnt',
    'werent',
    'cant',
    'wont',
    'shouldnt',
    'wouldnt',
    'couldnt',
    'havent',
    'hasnt',
    'hadnt',
    'aint',
    'neednt',
    'mustnt',
  ],
]);
/** Two-word cues of uncertainty: they are not negations ("not sure if we need windows"). */
const UNCERTAIN_AFTER_NOT = new Set(['sure', 'certain', 'clear', 'decided', 'yet']);
const UNCERTAIN_AFTER_NO = new Set(['idea', 'clue']);
/** A unit ends at these words: what follows is a new statement ("not legacy, but it holds card data"). */
const UNIT_BREAKS = new Set(['but', 'however', 'although', 'though', 'whereas', 'except', 'otherwise', 'yet', 'unlike']);
/** A negation does not reach past these words or past punctuation. */
const SCOPE_BREAKS = new Set(['and', 'so', 'because', 'since', 'which', 'while', 'plus', 'also', 'then', 'as', 'where', 'who', 'therefore', 'thus']);
/**
 * Words that negate what comes before them in the piece ("the HIPAA part went away", "windows got dropped"):
 * the words before, back to the piece's start (at most SCOPE_WORDS), are marked negated.
 */
const NEGATING_AFTER = new Set([
  'away',
  'dropped',
  'removed',
  'gone',
  'cancelled',
  'canceled',
  'retired',
  'scrapped',
  'eliminated',
  'descoped',
  'irrelevant',
  'unnecessary',
  'unneeded',
]);
/** Words after which a piece may start (pieces only add slots the whole unit did not state). */
const JOINERS = new Set(['and', 'with', 'plus', 'that', 'which', 'who', 'where']);
/** After a comma these start a new statement, not a list item. */
const CLAUSE_STARTS = new Set(['and', 'also', 'plus', 'so', 'then']);
/** How many words a negation reaches at most. */
const SCOPE_WORDS = 6;

/** Sentence ends: . ! ? ; and newlines, but not the dot inside "18.04" or "node.js". */
const SENTENCE_END = /[!?;\n]+|\.+(?=\s|$)|\s[-\u2013\u2014]+\s/;
/** Punctuation that ends a negation scope without ending the unit. */
const SCOPE_END = /[,:()"[\]]/;

/** Units of a normalised message, each a list of marked words; at most `maxUnits` (the rest is dropped). */
export function unitsOf(normalised: string, maxUnits = 40): MarkedWord[][] {
  const units: MarkedWord[][] = [];
  for (const sentence of normalised.split(SENTENCE_END)) {
    if (units.length >= maxUnits) break;
    let unit: MarkedWord[] = [];
    for (const piece of sentence.split(SCOPE_END)) {
      let scope: MarkedWord['scope'] = '';
      let left = 0;
      let first = true;
      let pieceStart = unit.length;
      const words = tokenise(piece);
      for (let i = 0; i < words.length; i++) {
        const word = words[i] as string;
        if (UNIT_BREAKS.has(word)) {
          if (unit.length > 0) units.push(unit);
          unit = [];
          pieceStart = 0;
          scope = '';
          continue;
        }
        if (SCOPE_BREAKS.has(word)) scope = '';
        const next = words[i + 1];
        const uncertain =
          (word === 'not' && next !== undefined && UNCERTAIN_AFTER_NOT.has(next)) || (word === 'no' && next !== undefined && UNCERTAIN_AFTER_NO.has(next));
        const piece = first && unit.length > 0;
        if (first) pieceStart = unit.length;
        // "strict compliance and a legacy cobol stack": what follows a joiner may be read as a piece of its own.
        first = JOINERS.has(word);
        // ", and it holds card data": a conjunction after a comma starts a new statement.
        if (piece && CLAUSE_STARTS.has(word)) {
          units.push(unit);
          unit = [];
          pieceStart = 0;
          continue;
        }
        if (uncertain) {
          unit.push({ word, scope: '?', piece });
          scope = '?';
          left = SCOPE_WORDS;
          continue;
        }
        if (NEGATION_CUES.has(word)) {
          unit.push({ word, scope: '', piece });
          scope = '!';
          left = SCOPE_WORDS;
          continue;
        }
        if (NEGATING_AFTER.has(word) || (word === 'out' && words[i - 1] === 'scoped')) {
          // Back over this piece: a word already in a scope keeps it.
          for (let j = unit.length - 1, n = 0; j >= pieceStart && n < SCOPE_WORDS; j--, n++) {
            const w = unit[j] as MarkedWord;
            if (w.scope === '') unit[j] = { ...w, scope: '!' };
          }
        }
        unit.push({ word, scope, piece });
        if (scope !== '' && --left <= 0) scope = '';
      }
    }
    if (unit.length > 0) units.push(unit);
  }
  return units;
}
