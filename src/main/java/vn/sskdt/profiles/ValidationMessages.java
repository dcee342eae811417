package vn.sskdt.profiles;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the validator's messages into words a station's staff can act on: Vietnamese first, then
 * English. Our own invariants already carry both; the generic messages of HAPI's validator (missing
 * element, unknown code, wrong type…) get a Vietnamese lead-in before HAPI's English text.
 */
final class ValidationMessages {

	/** HAPI: {@code Constraint failed: vn-pat-1: 'Số định danh … / Personal ID …' (defined in …)}. */
	private static final Pattern INVARIANT = Pattern.compile("(?:Constraint failed|Rule):? ([\\w.-]+): '(.+?)'(?: \\(defined in .*\\))?.*", Pattern.DOTALL);

	private record LeadIn(Pattern pattern, String vietnamese) {}

	private static final LeadIn[] LEAD_INS = {
		new LeadIn(Pattern.compile(".*minimum required = \\d+, but only found 0.*", Pattern.DOTALL), "Thiếu thông tin bắt buộc"),
		new LeadIn(Pattern.compile(".*max allowed = \\d+, but found \\d+.*", Pattern.DOTALL), "Quá nhiều giá trị"),
		new LeadIn(Pattern.compile(".*(not in the value set|Unknown code|is not a valid code|Unknown Code).*", Pattern.DOTALL), "Mã không có trong danh mục"),
		new LeadIn(Pattern.compile(".*(Profile reference|profile) .*(unknown|could not be resolved|not be found|not found).*", Pattern.DOTALL), "Hồ sơ (profile) không được hỗ trợ"),
		new LeadIn(Pattern.compile(".*(does not match regex|Invalid|is not a valid).*", Pattern.DOTALL), "Giá trị không hợp lệ"),
		new LeadIn(Pattern.compile(".*[Ff]ixed value.*|.*[Pp]attern.*", Pattern.DOTALL), "Giá trị không đúng quy định"),
		new LeadIn(Pattern.compile(".*slice.*", Pattern.DOTALL), "Thiếu hoặc sai mã định danh/mã bắt buộc"),
	};

	private ValidationMessages() {}

	static String forStationStaff(String message) {
		Matcher invariant = INVARIANT.matcher(message);
		if (invariant.matches()) {
			return invariant.group(2) + " [" + invariant.group(1) + "]";
		}
		for (LeadIn leadIn : LEAD_INS) {
			if (leadIn.pattern().matcher(message).matches()) {
				return leadIn.vietnamese() + " / " + message;
			}
		}
		return "Dữ liệu không hợp lệ / " + message;
	}
}
