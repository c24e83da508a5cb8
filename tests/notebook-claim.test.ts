import { describe, expect, it } from 'vitest';
import { claim, ClaimError } from '../src/notebook/claim';

describe('claim', () => {
  it('is silent when the run bears the prose out (bounds inclusive)', () => {
    expect(claim('accuracy', 0.96, { between: [0.95, 0.99] })).toBeUndefined();
    expect(() => claim('accuracy', 0.95, { between: [0.95, 0.99] })).not.toThrow();
    expect(() => claim('accuracy', 0.99, { between: [0.95, 0.99] })).not.toThrow();
    expect(() => claim('loss', 3, { atLeast: 3 })).not.toThrow();
    expect(() => claim('loss', 3, { atMost: 3 })).not.toThrow();
    expect(() => claim('verdict', 'overfitting', { equals: 'overfitting' })).not.toThrow();
  });

  it('throws a ClaimError naming the claim, the rule and the value when the run disagrees', () => {
    expect(() => claim('validation accuracy at η = 0.5', 0.93, { between: [0.95, 0.99] })).toThrow(
      /^claim: "validation accuracy at η = 0.5" should be between 0.95 and 0.99, got 0.93 — .*update the prose/,
    );
    expect(() => claim('steps', 10, { atLeast: 11 })).toThrow(ClaimError);
    expect(() => claim('steps', 12, { atMost: 11 })).toThrow('should be at most 11, got 12');
    expect(() => claim('verdict', 'healthy', { equals: 'overfitting' })).toThrow('should be equal to "overfitting", got "healthy"');
  });

  it('never lets NaN or a non-number pass a numeric rule', () => {
    expect(() => claim('loss', NaN, { atMost: 1 })).toThrow(ClaimError);
    expect(() => claim('loss', NaN, { atLeast: 1 })).toThrow(ClaimError);
    expect(() => claim('loss', '0.5', { between: [0, 1] })).toThrow(ClaimError);
  });

  it('rejects a malformed claim with a TypeError', () => {
    expect(() => claim('', 1, { atLeast: 0 })).toThrow(new TypeError('claim: what must be a non-empty string, got ""'));
    expect(() => claim('x', 1, { between: [2, 1] })).toThrow(/claim: rule.between must be two finite numbers \[lo, hi\] with lo ≤ hi, got \[2, 1\]/);
    expect(() => claim('x', 1, { atLeast: NaN })).toThrow('claim: rule.atLeast must be a finite number, got NaN');
    expect(() => claim('x', 1, { atleast: 0 } as never)).toThrow('claim: unknown rule "atleast"');
    expect(() => claim('x', 1, { atLeast: 0, atMost: 2 } as never)).toThrow(TypeError);
    expect(() => claim('x', 1, null as never)).toThrow('claim: rule must be an object, got null');
  });
});
