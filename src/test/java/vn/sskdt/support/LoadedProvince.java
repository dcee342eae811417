package vn.sskdt.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import vn.sskdt.demo.ProvinceGenerator;

/**
 * A synthetic province (vn.sskdt.demo) stored in the test server, with the generator's true answers
 * of every indicator. Stored once per test run, in-process through HAPI's system DAO (as the demo data
 * and a bulk load are): a thousand residents through HTTP with validation would take a quarter of an
 * hour, and what is under test here is what happens after storage. Hải Phòng, so that it never mixes
 * with the Huế residents other tests create.
 */
public final class LoadedProvince {

	/** 1,000 residents of three Hải Phòng communes over 2025: the test province of the indicators brief. */
	public static final ProvinceGenerator.Options HAI_PHONG =
			new ProvinceGenerator.Options(20261123L, 1000, "31", 2025, 1, List.of("10507", "10525", "10532"));

	private static LoadedProvince loaded;

	public final ProvinceGenerator.Options options;
	public final JsonNode truth;

	private LoadedProvince(ProvinceGenerator.Options options, JsonNode truth) {
		this.options = options;
		this.truth = truth;
	}

	/** Generates and stores the province the first time; every bundle must be stored. */
	public static synchronized LoadedProvince haiPhong(FhirContext fhirContext, IFhirSystemDao<Bundle, ?> systemDao) {
		if (loaded == null) {
			ByteArrayOutputStream bundles = new ByteArrayOutputStream();
			ByteArrayOutputStream truth = new ByteArrayOutputStream();
			try {
				new ProvinceGenerator(HAI_PHONG).write(bundles, truth);
				for (String line : bundles.toString(StandardCharsets.UTF_8).split("\n")) {
					if (!line.isBlank()) {
						systemDao.transaction(new SystemRequestDetails(), fhirContext.newJsonParser().parseResource(Bundle.class, line));
					}
				}
				loaded = new LoadedProvince(HAI_PHONG, new ObjectMapper().readTree(truth.toByteArray()));
			} catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return loaded;
	}
}
