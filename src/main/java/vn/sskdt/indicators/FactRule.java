package vn.sskdt.indicators;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One criterion of a Measure population in our rule language {@code text/x-sskdt-facts}: a rule name
 * and space-separated {@code key=value} arguments, e.g.
 * {@code doses-before birthday=1 bcg=1 penta=3}. The rules themselves are the cases of
 * {@link FactQuery}; the Measure only chooses and parameterises them, so a new definition is data.
 */
record FactRule(String name, Map<String, String> arguments) {

	static final String LANGUAGE = "text/x-sskdt-facts";

	static FactRule parse(String expression) {
		String[] words = expression == null ? new String[0] : expression.trim().split("\\s+");
		if (words.length == 0 || words[0].isEmpty()) {
			throw new IllegalArgumentException("empty rule");
		}
		Map<String, String> arguments = new LinkedHashMap<>();
		for (int i = 1; i < words.length; i++) {
			int eq = words[i].indexOf('=');
			if (eq <= 0 || eq == words[i].length() - 1) {
				throw new IllegalArgumentException("rule '" + expression + "': '" + words[i] + "' is not key=value");
			}
			arguments.put(words[i].substring(0, eq), words[i].substring(eq + 1));
		}
		return new FactRule(words[0], arguments);
	}

	int integer(String key) {
		String value = arguments.get(key);
		if (value == null || !value.matches("[0-9]{1,3}")) {
			throw new IllegalArgumentException("rule '" + name + "' needs " + key + "=<whole number>");
		}
		return Integer.parseInt(value);
	}

	String code(String key) {
		String value = arguments.get(key);
		if (value == null || !value.matches("[A-Za-z0-9|-]+")) {
			throw new IllegalArgumentException("rule '" + name + "' needs " + key + "=<code>");
		}
		return value;
	}
}
