package vn.sskdt.config;

import java.util.List;
import java.util.Locale;

/**
 * The language of what we write for people (document narratives, the access log): Vietnamese, the
 * book's own language, unless the request's {@code Accept-Language} prefers English. Shared by the
 * features that answer citizens' apps so that one app header gives one language everywhere.
 */
public final class RequestLanguage {

	private RequestLanguage() {}

	/** English when the caller's most preferred language we speak is English; Vietnamese otherwise. */
	public static boolean prefersEnglish(String acceptLanguage) {
		if (acceptLanguage == null || acceptLanguage.isBlank()) {
			return false;
		}
		try {
			String best = Locale.lookupTag(Locale.LanguageRange.parse(acceptLanguage), List.of("vi", "en"));
			return "en".equals(best);
		} catch (IllegalArgumentException malformed) {
			return false; // a malformed header must not fail the request: the book's own language
		}
	}
}
