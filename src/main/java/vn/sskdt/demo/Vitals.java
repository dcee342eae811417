package vn.sskdt.demo;

import java.util.SplittableRandom;

/**
 * What a check-up measures, for one resident on one day. Each resident keeps their own place in the
 * distribution from year to year (height-for-age and BMI-for-age z-scores, blood pressure, pulse),
 * so children grow along a centile and adults change slowly.
 *
 * <p>Children follow the WHO growth standards shifted to Vietnamese children: mean height-for-age z
 * about −0.7 in infancy falling to about −1.15 at 18, and a secular trend of +0.015 z per birth year
 * (each cohort a little taller). Adults keep their height at 19 (the WHO 19-year value with the same
 * z), losing about 1 mm a year after 60; men born around 2000 average about 167 cm, women 155 cm.
 *
 * @param heightTenths height in tenths of a cm; weight, BMI, glucose likewise in tenths
 */
record Vitals(int heightTenths, int weightTenths, int bmiTenths, boolean bloodPressure, int systolic, int diastolic,
		int heartRate, int glucoseTenths, String classification) {

	static final int NO_GLUCOSE = -1;

	static Vitals measure(long seed, Population p, int i, int day) {
		SplittableRandom person = Rand.stream(seed, Streams.PERSON, i);
		double heightZ = Rand.clamp(Rand.gaussian(person), -3.5, 3.5);
		double bmiZ = Rand.clamp(Rand.gaussian(person, -0.2, 1.0), -2.8, 2.8);
		double adultBmiFactor = StrictMath.exp(Rand.clamp(Rand.gaussian(person, 0, 0.13), -0.35, 0.45));
		double bpOffset = Rand.gaussian(person, 0, 1);
		double pulseOffset = Rand.gaussian(person, 0, 1);
		boolean diabetic = person.nextDouble() < 0.07;
		double constitution = person.nextDouble();

		SplittableRandom visit = Rand.stream(seed, Streams.VITALS, ((long) i << 20) ^ day);
		int sex = p.sex[i];
		double ageDays = day - p.birth[i];
		double ageMonths = ageDays / 30.4375;
		int age = p.ageYears(i, day);
		int birthYear = Population.year(p.birth[i]);

		double z = 0.95 * heightZ - 0.7 - 0.025 * Math.min(age, 18) + 0.015 * (birthYear - 2010);
		double height = GrowthReference.height(sex, Math.min(ageMonths, GrowthReference.MAX_AGE_MONTHS), z);
		if (age > 60) {
			height -= 0.1 * (age - 60);
		}
		height += Rand.gaussian(visit, 0, 0.3);
		height = Rand.clamp(height, 40, 210);

		double bmi;
		if (ageMonths < GrowthReference.MAX_AGE_MONTHS) {
			bmi = GrowthReference.bmi(sex, ageMonths, Rand.clamp(bmiZ + Rand.gaussian(visit, 0, 0.15), -3, 3));
		} else {
			double typical = 20.5 + 0.08 * Math.min(age - 19, 36) - (sex == 1 ? 0.3 : 0);
			bmi = typical * adultBmiFactor * (1 + Rand.gaussian(visit, 0, 0.01));
		}
		int heightTenths = (int) Math.round(height * 10);
		double meters = heightTenths / 1000.0;
		int weightTenths = (int) Math.round(Rand.clamp(bmi * meters * meters, 2.0, 250) * 10);
		double kg = weightTenths / 10.0;
		int bmiTenths = (int) Math.round(kg / (meters * meters) * 10);

		boolean bp = age >= 3;
		int systolic = 0;
		int diastolic = 0;
		if (bp) {
			double s;
			double d;
			if (age < 18) {
				s = 95 + 1.3 * (age - 3) + 8 * bpOffset + Rand.gaussian(visit, 0, 5);
				d = 58 + 0.9 * (age - 3) + 6 * bpOffset + Rand.gaussian(visit, 0, 4);
			} else {
				s = 110 + 0.55 * Math.max(0, age - 20) + (sex == 0 ? 4 : 0) + 13 * bpOffset + Rand.gaussian(visit, 0, 6);
				d = 70 + 0.2 * Math.max(0, age - 20) - 0.15 * Math.max(0, age - 60) + 8 * bpOffset + Rand.gaussian(visit, 0, 4);
			}
			systolic = (int) Math.round(Rand.clamp(s, 70, 230));
			diastolic = (int) Math.round(Rand.clamp(d, 35, Math.min(140, systolic - 15)));
		}
		double pulseMean = age < 1 ? 130 : age < 3 ? 115 : age < 6 ? 100 : age < 12 ? 88 : age < 18 ? 80 : 76;
		int heartRate = (int) Math.round(Rand.clamp(pulseMean + 9 * pulseOffset + Rand.gaussian(visit, 0, 4), 45, 190));

		int glucoseTenths = NO_GLUCOSE;
		if (age >= 40 && visit.nextDouble() < 0.45) {
			double g = diabetic ? 7.2 + 2.5 * Math.abs(Rand.gaussian(visit)) : 5.0 * StrictMath.exp(Rand.gaussian(visit, 0, 0.09));
			glucoseTenths = (int) Math.round(Rand.clamp(g, 3.0, 25) * 10);
		}

		String classification = null;
		if (age >= 18) {
			double c = Rand.clamp(constitution + 0.007 * (age - 40) + (diabetic ? 0.15 : 0) + Rand.gaussian(visit, 0, 0.05), 0, 1.2);
			classification = c < 0.18 ? "I" : c < 0.62 ? "II" : c < 0.9 ? "III" : c < 1.05 ? "IV" : "V";
		}
		return new Vitals(heightTenths, weightTenths, bmiTenths, bp, systolic, diastolic, heartRate, glucoseTenths, classification);
	}

	static String tenths(int value) {
		return (value / 10) + "." + (value % 10);
	}
}
