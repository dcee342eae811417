package vn.sskdt.demo;

import java.util.SplittableRandom;

/** Vietnamese personal names: family name, middle name, given name, weighted roughly by frequency. */
final class Names {

	private Names() {}

	static final String[] FAMILY = {
		"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
		"Dương", "Lý", "Đinh", "Trương", "Lâm", "Mai", "Trịnh", "Đoàn", "Cao", "Lương", "Tôn", "Hà", "Thái", "Châu"
	};
	private static final double[] FAMILY_CUMULATIVE = Rand.cumulative(
			38, 11, 9.5, 7, 3, 2, 4.5, 2.5, 1.5, 2, 2, 1.4, 1.3, 1.3,
			1, 0.5, 0.8, 0.7, 0.5, 0.5, 0.6, 0.6, 0.5, 0.5, 0.3, 0.5, 0.3, 0.3);

	static final String[] MIDDLE_MALE = {"Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Ngọc", "Anh", "Gia", "Quốc"};
	private static final double[] MIDDLE_MALE_CUMULATIVE = Rand.cumulative(30, 10, 12, 8, 7, 6, 6, 4, 4, 5, 4, 4);
	static final String[] MIDDLE_FEMALE = {"Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mai", "Bảo", "Khánh", "Hồng", "Phương", "Minh", "Hoài"};
	private static final double[] MIDDLE_FEMALE_CUMULATIVE = Rand.cumulative(40, 10, 8, 8, 6, 5, 4, 4, 4, 4, 4, 3);

	static final String[] GIVEN_MALE = {
		"An", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Hải", "Hào", "Hiếu", "Hoàng", "Hùng", "Huy", "Khang", "Khánh",
		"Khoa", "Kiên", "Lâm", "Long", "Luân", "Mạnh", "Minh", "Nam", "Nghĩa", "Nhân", "Phong", "Phúc", "Quân", "Sơn",
		"Tài", "Thắng", "Thành", "Thiện", "Tiến", "Toàn", "Trí", "Trung", "Tuấn", "Tùng", "Việt", "Vinh"
	};
	static final String[] GIVEN_FEMALE = {
		"Anh", "Ánh", "Châu", "Chi", "Diệp", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hương", "Huyền",
		"Lan", "Liên", "Linh", "Loan", "Ly", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhi", "Nhung", "Oanh", "Phương",
		"Quỳnh", "Tâm", "Thảo", "Thủy", "Trang", "Trâm", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến"
	};

	static int family(SplittableRandom r) {
		return Rand.pick(r, FAMILY_CUMULATIVE);
	}

	static int middle(SplittableRandom r, boolean female) {
		return Rand.pick(r, female ? MIDDLE_FEMALE_CUMULATIVE : MIDDLE_MALE_CUMULATIVE);
	}

	static int given(SplittableRandom r, boolean female) {
		return r.nextInt(female ? GIVEN_FEMALE.length : GIVEN_MALE.length);
	}

	static String middleName(int index, boolean female) {
		return female ? MIDDLE_FEMALE[index] : MIDDLE_MALE[index];
	}

	static String givenName(int index, boolean female) {
		return female ? GIVEN_FEMALE[index] : GIVEN_MALE[index];
	}
}
