/**
 * Exact rational arithmetic for the satisfaction index: element means are sums ÷ counts and the
 * default weights are exactly 1/9, so the index is kept as a fraction until it is shown (no
 * 0.111 × … drift: all answers 4 give exactly 100).
 */
export class Fraction {
  readonly num: bigint;
  readonly den: bigint;

  constructor(num: bigint, den: bigint = 1n) {
    if (den === 0n) throw new RangeError('division by zero');
    const sign = den < 0n ? -1n : 1n;
    const divisor = gcd(num < 0n ? -num : num, den < 0n ? -den : den) || 1n;
    this.num = (sign * num) / divisor;
    this.den = (sign * den) / divisor;
  }

  static of(value: number | bigint): Fraction {
    if (typeof value === 'bigint') return new Fraction(value);
    if (!Number.isInteger(value)) throw new RangeError('Fraction.of takes an integer; use fromDecimal');
    return new Fraction(BigInt(value));
  }

  /** "0.15" or 0.15 → 15/100 exactly as written in decimal (a weight typed by a person). */
  static fromDecimal(value: string | number): Fraction {
    const text = typeof value === 'number' ? String(value) : value.trim();
    const match = /^(-?)(\d+)(?:[.,](\d+))?$/.exec(text);
    if (!match) throw new RangeError(`not a decimal number: ${text}`);
    const decimals = match[3] ?? '';
    const num = BigInt(match[2] + decimals) * (match[1] === '-' ? -1n : 1n);
    return new Fraction(num, 10n ** BigInt(decimals.length));
  }

  plus(other: Fraction): Fraction {
    return new Fraction(this.num * other.den + other.num * this.den, this.den * other.den);
  }

  times(other: Fraction): Fraction {
    return new Fraction(this.num * other.num, this.den * other.den);
  }

  dividedBy(other: Fraction): Fraction {
    return new Fraction(this.num * other.den, this.den * other.num);
  }

  equals(other: Fraction): boolean {
    return this.num === other.num && this.den === other.den;
  }

  /** A non-negative fraction rounded half up to the given number of decimals, exactly (for what is shown and judged). */
  round(decimals: number): number {
    if (this.num < 0n) throw new RangeError('round takes a non-negative fraction');
    const scale = 10n ** BigInt(decimals);
    // floor(x · scale + 1/2) = floor((2 · num · scale + den) / (2 · den))
    const rounded = (2n * this.num * scale + this.den) / (2n * this.den);
    return Number(rounded) / Number(scale);
  }

  toNumber(): number {
    // Exact to double precision for the magnitudes of an index (numerator and denominator < 2^53 after scaling).
    const whole = this.num / this.den;
    const rest = this.num - whole * this.den;
    return Number(whole) + Number(rest) / Number(this.den);
  }

  toString(): string {
    return this.den === 1n ? String(this.num) : `${this.num}/${this.den}`;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
