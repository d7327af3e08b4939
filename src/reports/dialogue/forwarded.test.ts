// Every shape a forwarded SMS arrives in must give back the original text and, where the forward names it,
// the original sender in classifySender's normal form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseForwarded } from './forwarded.js';

const SCAM = '【佐川急便】お荷物のお届けにあがりましたが不在の為持ち帰りました。https://sagawa-xx.top/abc';
const MOBILE = '+819012345678';

function check(input: string, sender: string | null, markers: string[] = [], body = SCAM): void {
  const got = parseForwarded(input);
  assert.deepEqual(got, { body, originalSender: sender, forwardedMarkers: markers }, input);
}

test('a plain copy is the body as it is, with no sender and no markers', () => {
  check(SCAM, null);
});

test('forwarding prefixes are removed and recorded, repeated ones too', () => {
  check(`Fwd: ${SCAM}`, null, ['Fwd:']);
  check(`FW:${SCAM}`, null, ['FW:']);
  check(`fw: ${SCAM}`, null, ['fw:']);
  check(`転送: ${SCAM}`, null, ['転送:']);
  // The full-width colon phones type in Japanese is folded by normalisation.
  check(`転送：${SCAM}`, null, ['転送:']);
  check(`Fwd: Fwd: ${SCAM}`, null, ['Fwd:', 'Fwd:']);
  check(`【転送】${SCAM}`, null, ['【転送】']);
});

test('separator lines are removed, the comment before a separator too', () => {
  check(`転送メッセージ\n${SCAM}`, null, ['転送メッセージ']);
  check(`-----転送メッセージ-----\n${SCAM}`, null, ['-----転送メッセージ-----']);
  check(`これ詐欺ですか？\n-----転送メッセージ-----\n${SCAM}`, null, ['-----転送メッセージ-----']);
  check(`Look at this\n---------- Forwarded message ---------\n${SCAM}`, null, ['---------- Forwarded message ---------']);
});

test('"> " quoting is removed; a comment before the quote is dropped', () => {
  check(`> ${SCAM}`, null, ['>']);
  check(`> 【佐川急便】不在の為持ち帰りました。\n> https://sagawa-xx.top/abc`, null, ['>'], '【佐川急便】不在の為持ち帰りました。\nhttps://sagawa-xx.top/abc');
  check(`これ詐欺?\n\n> ${SCAM}`, null, ['>']);
  // Full-width '＞' is what a Japanese keyboard types.
  check(`＞ ${SCAM}`, null, ['>']);
});

test('interleaved ">" lines are not a quote: scam texts use ">" as an arrow', () => {
  const text = '重要なお知らせ\n> こちらから確認\nhttps://x.top\n> 期限は本日';
  check(text, null, [], text);
});

test('「」 around the whole text is removed; inner brackets and a leading quoted phrase stay', () => {
  check(`「${SCAM}」`, null, ['「」']);
  check(`このSMSが届きました：「${SCAM}」`, null, ['「」']);
  check('「【Amazon】「重要」のお知らせ」', null, ['「」'], '【Amazon】「重要」のお知らせ');
  const phrase = '「ご本人確認」のため以下にアクセスしてください https://x.top';
  check(phrase, null, [], phrase);
  const inner = '【Amazon】アカウント「停止」';
  check(inner, null, [], inner);
});

test('sender header lines give the sender in normal form', () => {
  check(`差出人: +81 90-1234-5678\n${SCAM}`, MOBILE);
  check(`From: 090-1234-5678\n\n${SCAM}`, MOBILE);
  check(`送信者：０９０－１２３４－５６７８\n${SCAM}`, MOBILE);
  check(`送信元: 0005-12-3456\n${SCAM}`, '0005123456');
  check(`Sender: AMAZON\n${SCAM}`, 'AMAZON');
  check(`From: Amazon\n${SCAM}`, 'AMAZON');
  check(`差出人: 山田太郎 <090-1234-5678>\n${SCAM}`, MOBILE);
  check(`From: +1 202 555 0100\n${SCAM}`, '+12025550100');
});

test('a header that names no usable sender is still dropped from the body', () => {
  check(`差出人: 山田太郎\n${SCAM}`, null);
});

test('"… からのメッセージ" names a number', () => {
  check(`+819012345678 からのメッセージ\n${SCAM}`, MOBILE);
  check(`090-1234-5678からのSMS:\n${SCAM}`, MOBILE);
  check(`Message from 090-1234-5678:\n${SCAM}`, MOBILE);
  // A brand "からのメッセージ" is a plausible first line of the scam itself, so it stays in the body.
  const own = `Amazonからのメッセージ\n${SCAM}`;
  check(own, null, [], own);
});

test('share formats: sender line and date line, in either order', () => {
  check(`090-1234-5678\n2024/11/22 10:15\n${SCAM}`, MOBILE);
  check(`2024/11/22 10:15\n090-1234-5678\n${SCAM}`, MOBILE);
  check(`AMAZON\n2024年11月22日(金) 10:15\n${SCAM}`, 'AMAZON');
  check(`0005123456\n昨日 午後3:05\n${SCAM}`, '0005123456');
  check(`+81 90 1234 5678\n11/22 10:15\n\n${SCAM}`, MOBILE);
});

test('a bare first line is the text itself unless something marks it as a header', () => {
  // Without a date line, "Amazon" is how the scam text begins.
  check('Amazon\nお客様のアカウントが停止されました', null, [], 'Amazon\nお客様のアカウントが停止されました');
  // A number right after a forwarding marker is the share header.
  check(`Fwd:\n090-1234-5678\n${SCAM}`, MOBILE, ['Fwd:']);
});

test('a full mail-style forward: separator, headers, blank line, text', () => {
  const input = `-----転送メッセージ-----\n差出人: 0005-12-3456\n日時: 2024/11/22 10:15\n件名: \n\n${SCAM}`;
  check(input, '0005123456', ['-----転送メッセージ-----']);
});

test('headers inside a quote are found after the quote is opened', () => {
  check(`Fwd:\n> From: 090-1234-5678\n> ${SCAM}`, MOBILE, ['Fwd:', '>']);
  check(`転送: 「差出人: AMAZON\n${SCAM}」`, 'AMAZON', ['転送:', '「」']);
});

test('a sender line after the text counts only when it names a sender', () => {
  check(`${SCAM}\n\nFrom: AMAZON`, 'AMAZON');
  const own = `${SCAM}\n送信元: Amazonカスタマーセンター`;
  check(own, null, [], own);
});

test('the first sender named wins', () => {
  check(`From: AMAZON\nSender: 090-1234-5678\n${SCAM}`, 'AMAZON');
});

test('headers alone leave an empty body; empty and non-string input never throw', () => {
  check('Fwd:', null, ['Fwd:'], '');
  check('From: 090-1234-5678', MOBILE, [], '');
  check('', null, [], '');
  check(' \n\u200B ', null, [], '');
  check(null as unknown as string, null, [], '');
});

test('the body is in normalizeText form: widths folded, spacing collapsed', () => {
  check('Fwd:  ＡＢＣ　銀行です。\r\n  https://x.top ', null, ['Fwd:'], 'ABC 銀行です。\nhttps://x.top');
});
