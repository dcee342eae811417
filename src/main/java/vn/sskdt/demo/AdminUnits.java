package vn.sskdt.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The 34 provinces and 3,321 communes in force from 1 July 2025, read from the official list that
 * the build copies from {@code fhir-profiles/data/admin-units-2025.csv} onto the classpath.
 */
public final class AdminUnits {

	/** Where the build puts the list (see the resources of pom.xml). */
	public static final String RESOURCE = "/data/admin-units-2025.csv";

	public record Commune(String code, String name, String type) {
		public boolean isWard() {
			return "phường".equals(type);
		}

		public boolean isSpecialZone() {
			return "đặc khu".equals(type);
		}
	}

	public record Province(String code, String name, List<Commune> communes) {}

	private static Map<String, Province> provinces;

	private AdminUnits() {}

	/** Every province, by its 2-digit code, in the order of the list. */
	public static synchronized Map<String, Province> all() {
		if (provinces == null) {
			provinces = Collections.unmodifiableMap(load());
		}
		return provinces;
	}

	/** A province by its 2-digit code ({@code 46}) or a unique part of its name ({@code Huế}). */
	public static Province province(String codeOrName) {
		String wanted = codeOrName.trim();
		if (wanted.matches("[0-9]{1,2}")) {
			Province p = all().get(wanted.length() == 1 ? "0" + wanted : wanted);
			if (p != null) {
				return p;
			}
		}
		List<Province> matches = new ArrayList<>();
		for (Province p : all().values()) {
			if (fold(p.name()).contains(fold(wanted))) {
				matches.add(p);
			}
		}
		if (matches.size() != 1) {
			throw new IllegalArgumentException("province '" + codeOrName + "': "
					+ (matches.isEmpty() ? "no such province" : "ambiguous, matches " + matches.stream().map(Province::name).toList())
					+ "; give its 2-digit code, e.g. 46 (Huế) or 31 (Hải Phòng)");
		}
		return matches.get(0);
	}

	private static String fold(String s) {
		return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replace('đ', 'd').replace('Đ', 'D')
				.toLowerCase(Locale.ROOT);
	}

	private static Map<String, Province> load() {
		Map<String, String> names = new LinkedHashMap<>();
		Map<String, List<Commune>> communes = new LinkedHashMap<>();
		try (InputStream in = AdminUnits.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(RESOURCE + " is not on the classpath; build with Maven (it is copied from fhir-profiles/data)");
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			String header = reader.readLine();
			if (header == null || !header.startsWith("province_code,province_name,province_type,commune_code,commune_name,commune_type")) {
				throw new IllegalStateException("unexpected header in " + RESOURCE + ": " + header);
			}
			for (String line; (line = reader.readLine()) != null; ) {
				if (line.isBlank()) {
					continue;
				}
				String[] f = line.split(",", -1);
				if (f.length != 6) {
					throw new IllegalStateException("bad line in " + RESOURCE + ": " + line);
				}
				names.putIfAbsent(f[0], f[1]);
				communes.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Commune(f[3], f[4], f[5]));
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		Map<String, Province> result = new LinkedHashMap<>();
		names.forEach((code, name) -> result.put(code, new Province(code, name, List.copyOf(communes.get(code)))));
		return result;
	}
}
