package vn.sskdt.demo;

import java.util.SplittableRandom;

/**
 * Deterministic randomness. Every random choice of the generator comes from a stream named by
 * (seed, purpose, subject), so that a resident's attributes do not depend on the order in which
 * other residents are drawn, and the same arguments give the same output on any machine (only
 * {@link StrictMath} is used on random values).
 */
final class Rand {

	private Rand() {}

	/** SplitMix64 finaliser. */
	static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
		z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
		return z ^ (z >>> 31);
	}

	static long mix(long seed, long purpose, long subject) {
		return mix(mix(mix(seed) + purpose * 0x9e3779b97f4a7c15L) + subject);
	}

	/** The random stream of one purpose for one subject (a resident, a commune, a bundle…). */
	static SplittableRandom stream(long seed, long purpose, long subject) {
		return new SplittableRandom(mix(seed, purpose, subject));
	}

	/** Uniform in [0, 1) from a hash, without a stream object. */
	static double unit(long seed, long purpose, long subject) {
		return (mix(seed, purpose, subject) >>> 11) * 0x1.0p-53;
	}

	/** Standard normal (Box–Muller, one value per call). */
	static double gaussian(SplittableRandom r) {
		double u1 = 1.0 - r.nextDouble(); // (0, 1]
		double u2 = r.nextDouble();
		return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
	}

	static double gaussian(SplittableRandom r, double mean, double sd) {
		return mean + sd * gaussian(r);
	}

	static double clamp(double x, double lo, double hi) {
		return x < lo ? lo : (x > hi ? hi : x);
	}

	/** Index drawn from cumulative weights (last element = total). */
	static int pick(SplittableRandom r, double[] cumulative) {
		double x = r.nextDouble() * cumulative[cumulative.length - 1];
		int lo = 0;
		int hi = cumulative.length - 1;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (cumulative[mid] > x) {
				hi = mid;
			} else {
				lo = mid + 1;
			}
		}
		return lo;
	}

	static double[] cumulative(double... weights) {
		double[] c = new double[weights.length];
		double sum = 0;
		for (int i = 0; i < weights.length; i++) {
			sum += weights[i];
			c[i] = sum;
		}
		return c;
	}

	/** Random version-4 UUID text from two hashed longs. */
	static String uuid(long seed, long purpose, long subject) {
		long hi = mix(seed, purpose, subject);
		long lo = mix(hi, purpose + 1, subject);
		hi = (hi & ~0xF000L) | 0x4000L;
		lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new java.util.UUID(hi, lo).toString();
	}
}
