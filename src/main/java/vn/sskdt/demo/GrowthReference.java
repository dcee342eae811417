package vn.sskdt.demo;

/**
 * Height-for-age and BMI-for-age of children, 0–19 years, as LMS values at knots interpolated
 * linearly. Knots read off the WHO Child Growth Standards 2006 (0–5 years, length/height and BMI by
 * age in days) and the WHO Growth Reference 2007 (5–19 years, by month); see
 * {@code shared/data/README.md}. Length below 24 months, standing height from 24 months, as WHO does.
 */
final class GrowthReference {

	private GrowthReference() {}

	/** Ages of the knots, in months. */
	private static final double[] AGE = {
		0, 1, 2, 3, 4, 5, 6, 9, 12, 15, 18, 21, 24, 30, 36, 42, 48, 54,
		60, 72, 84, 96, 108, 120, 132, 144, 156, 168, 180, 192, 204, 216, 228
	};

	// height for age (L = 1): median M (cm) and coefficient of variation S, boys then girls
	private static final double[][] HEIGHT_M = {
		{49.88, 54.66, 58.44, 61.40, 63.90, 65.89, 67.64, 71.97, 75.74, 79.16, 82.26, 85.13, 87.13, 91.93, 96.09, 99.84,
			103.33, 106.67, 109.73, 115.95, 121.73, 127.27, 132.57, 137.78, 143.11, 149.08, 156.04, 163.18, 168.96, 172.90,
			175.16, 176.14, 176.54},
		{49.15, 53.63, 57.08, 59.78, 62.11, 64.02, 65.75, 70.15, 74.00, 77.53, 80.71, 83.66, 85.73, 90.68, 95.06, 99.04,
			102.73, 106.18, 109.07, 115.12, 120.81, 126.56, 132.49, 138.64, 144.99, 151.23, 156.37, 159.79, 161.67, 162.52,
			162.85, 163.06, 163.15}
	};
	private static final double[][] HEIGHT_S = {
		{.0380, .0356, .0342, .0333, .0326, .0320, .0317, .0312, .0314, .0320, .0328, .0338, .0351, .0370, .0386, .0397,
			.0406, .0414, .0416, .0425, .0434, .0444, .0454, .0463, .0470, .0475, .0476, .0471, .0462, .0450, .0436, .0424, .0413},
		{.0379, .0364, .0357, .0352, .0349, .0346, .0345, .0344, .0348, .0353, .0360, .0367, .0376, .0389, .0401, .0411,
			.0419, .0427, .0435, .0445, .0453, .0458, .0461, .0461, .0458, .0452, .0444, .0435, .0426, .0418, .0411, .0405, .0401}
	};
	// BMI for age: L, M (kg/m2), S
	private static final double[][] BMI_L = {
		{-.305, .274, .111, .008, -.073, -.137, -.192, -.318, -.411, -.487, -.549, -.601, -.619, -.428, -.310, -.292, -.362, -.502,
			-.715, -.992, -1.246, -1.463, -1.632, -1.741, -1.786, -1.775, -1.717, -1.621, -1.496, -1.353, -1.196, -1.026, -.842},
		{-.063, .348, .174, .065, -.020, -.086, -.144, -.273, -.367, -.441, -.502, -.554, -.568, -.568, -.568, -.568, -.568, -.568,
			-.870, -1.079, -1.257, -1.388, -1.465, -1.486, -1.461, -1.401, -1.320, -1.227, -1.131, -1.037, -.942, -.846, -.750}
	};
	private static final double[][] BMI_M = {
		{13.41, 14.91, 16.32, 16.90, 17.16, 17.29, 17.34, 17.17, 16.80, 16.44, 16.14, 15.90, 16.02, 15.80, 15.60, 15.44, 15.33, 15.25,
			15.27, 15.31, 15.48, 15.74, 16.05, 16.44, 16.94, 17.53, 18.23, 19.01, 19.77, 20.50, 21.14, 21.71, 22.19},
		{13.34, 14.54, 15.77, 16.35, 16.67, 16.84, 16.91, 16.74, 16.36, 16.00, 15.73, 15.53, 15.69, 15.53, 15.40, 15.31, 15.26, 15.25,
			15.25, 15.27, 15.40, 15.68, 16.10, 16.61, 17.25, 18.00, 18.80, 19.56, 20.21, 20.70, 21.04, 21.26, 21.43}
	};
	private static final double[][] BMI_S = {
		{.0956, .0904, .0868, .0850, .0838, .0830, .0823, .0810, .0801, .0793, .0787, .0782, .0779, .0784, .0793, .0806, .0824, .0846,
			.0837, .0868, .0907, .0953, .1004, .1057, .1107, .1152, .1190, .1219, .1241, .1258, .1272, .1284, .1295},
		{.0927, .0956, .0937, .0926, .0917, .0910, .0904, .0890, .0880, .0872, .0865, .0859, .0845, .0844, .0854, .0881, .0917, .0952,
			.0965, .1020, .1075, .1129, .1182, .1231, .1275, .1313, .1345, .1370, .1390, .1407, .1421, .1433, .1444}
	};

	static final double MAX_AGE_MONTHS = 228;

	/** Height (cm) of a child of this sex (0 = male, 1 = female) at this age, with height-for-age z-score z. */
	static double height(int sex, double ageMonths, double z) {
		double m = interpolate(HEIGHT_M[sex], ageMonths);
		double s = interpolate(HEIGHT_S[sex], ageMonths);
		return m * (1 + s * z);
	}

	/** BMI (kg/m2) of a child with BMI-for-age z-score z. */
	static double bmi(int sex, double ageMonths, double z) {
		double l = interpolate(BMI_L[sex], ageMonths);
		double m = interpolate(BMI_M[sex], ageMonths);
		double s = interpolate(BMI_S[sex], ageMonths);
		return m * StrictMath.pow(1 + l * s * z, 1 / l);
	}

	private static double interpolate(double[] values, double ageMonths) {
		if (ageMonths <= 0) {
			return values[0];
		}
		if (ageMonths >= AGE[AGE.length - 1]) {
			return values[values.length - 1];
		}
		int i = 1;
		while (AGE[i] < ageMonths) {
			i++;
		}
		double t = (ageMonths - AGE[i - 1]) / (AGE[i] - AGE[i - 1]);
		return values[i - 1] + t * (values[i] - values[i - 1]);
	}
}
