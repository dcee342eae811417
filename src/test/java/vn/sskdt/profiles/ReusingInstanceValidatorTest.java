package vn.sskdt.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationOptions;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Queue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.validation.codesystem.CodingsObserver;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import vn.sskdt.support.Examples;

/**
 * Our validator that keeps its core validators says exactly what HAPI's own FhirInstanceValidator
 * says, call after call and from several threads at once. Guards the upgrade of HAPI or of
 * org.hl7.fhir.core: ReusingInstanceValidator restates what HAPI does around the core validator.
 */
class ReusingInstanceValidatorTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static FhirValidator hapi;
	private static FhirValidator reusing;
	private static ValidationSupportChain chain;

	/** Name → what to validate it with, as the enforcer and the warm-up call the validator. */
	private static final Map<String, Function<FhirValidator, List<String>>> CASES = new LinkedHashMap<>();

	@BeforeAll
	static void validators() throws Exception {
		NpmPackageValidationSupport profiles = new NpmPackageValidationSupport(FHIR);
		profiles.loadPackageFromClasspath("classpath:fhir/package.tgz");
		chain = ProfileValidators.validationChain(FHIR, profiles);
		FhirInstanceValidator hapiModule = new FhirInstanceValidator(chain);
		hapiModule.setErrorForUnknownProfiles(true);
		hapi = FHIR.newValidator().registerValidatorModule(hapiModule);
		ReusingInstanceValidator reusingModule = new ReusingInstanceValidator(chain, 2);
		reusingModule.setErrorForUnknownProfiles(true);
		reusing = FHIR.newValidator().registerValidatorModule(reusingModule);

		Examples.all().forEach((id, example) -> text(id, example));
		text("transaction of every example", Examples.asTransaction());
		Patient shortId = Examples.get("vn-patient-example");
		shortId.getIdentifier().stream().filter(i -> i.getSystem().endsWith("/cccd")).forEach(i -> i.setValue("04618500001"));
		text("CCCD of 11 digits", shortId);
		Patient unknownProfile = Examples.get("vn-patient-example");
		unknownProfile.getMeta().getProfile().clear();
		unknownProfile.getMeta().addProfile("http://example.org/StructureDefinition/us-patient");
		text("only a profile we do not know", unknownProfile);
		Observation metres = Examples.get("vn-body-height-example");
		metres.getValueQuantity().setValue(1.58).setUnit("m").setCode("m");
		text("height in metres", metres);
		Bundle brokenTransaction = Examples.asTransaction();
		brokenTransaction.addEntry().setResource(shortId).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		text("transaction with one bad entry", brokenTransaction);
		CASES.put("empty Patient against vn-patient, as an object with options (warm-up)", v -> messages(v.validateWithResult(
				new Patient(), new ValidationOptions().addProfile(Examples.<Resource>get("vn-patient-example")
						.getMeta().getProfile().get(0).getValue()))));
		// where ours looks definitions up its own way (KeptDefinitions, the parser's map of types)
		Observation systemIsAValueSet = Examples.get("vn-body-height-example");
		systemIsAValueSet.getCode().getCodingFirstRep().setSystem("https://sskdt.vn/fhir/ValueSet/vn-checkup-types");
		text("a code whose system is one of our ValueSets", systemIsAValueSet);
		Observation unknownSystem = Examples.get("vn-body-height-example");
		unknownSystem.getCode().getCodingFirstRep().setSystem("http://example.org/no-such-system");
		text("a code of a system nobody holds", unknownSystem);
		CASES.put("a resource type FHIR does not have", v -> messages(v.validateWithResult("{\"resourceType\":\"Patientt\",\"id\":\"x\"}")));
		CASES.put("Patient as XML (left to HAPI)", v -> messages(v.validateWithResult(
				FHIR.newXmlParser().encodeResourceToString(Examples.get("vn-patient-example")))));
	}

	private static void text(String name, Resource resource) {
		String json = FHIR.newJsonParser().encodeResourceToString(resource);
		CASES.put(name, v -> messages(v.validateWithResult(json)));
	}

	private static List<String> messages(ca.uhn.fhir.validation.ValidationResult result) {
		return result.getMessages().stream()
				.map(m -> m.getSeverity() + " | " + m.getLocationString() + " | " + m.getMessageId() + " | " + m.getMessage())
				.toList();
	}

	@Test
	void theLibraryStillHasWhatReuseRelies() {
		assertThat(ReusingInstanceValidator.reusable()).isTrue();
	}

	@Test
	void saysWhatHapiSaysCallAfterCall() {
		assertThat(CASES.get("CCCD of 11 digits").apply(hapi)).anyMatch(m -> m.startsWith("ERROR"));
		assertThat(CASES.get("only a profile we do not know").apply(hapi)).anyMatch(m -> m.startsWith("ERROR"));
		assertThat(CASES.get("a resource type FHIR does not have").apply(hapi)).anyMatch(m -> m.startsWith("FATAL"));
		for (var entry : CASES.entrySet()) {
			List<String> expected = entry.getValue().apply(hapi);
			for (int call = 0; call < 3; call++) {
				assertThat(entry.getValue().apply(reusing)).as(entry.getKey() + ", call " + call).isEqualTo(expected);
			}
		}
	}

	@Test
	void saysTheSameFromSeveralThreadsAtOnce() throws Exception {
		Map<String, List<String>> expected = new LinkedHashMap<>();
		CASES.forEach((name, validate) -> expected.put(name, validate.apply(hapi)));
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<Map<String, List<String>>>> runs = new ArrayList<>();
			for (int run = 0; run < 8; run++) {
				runs.add(threads.submit(() -> {
					Map<String, List<String>> got = new LinkedHashMap<>();
					CASES.forEach((name, validate) -> got.put(name, validate.apply(reusing)));
					return got;
				}));
			}
			for (Future<Map<String, List<String>>> run : runs) {
				assertThat(run.get()).isEqualTo(expected);
			}
		} finally {
			threads.shutdownNow();
		}
	}

	/**
	 * What a library version whose private fields look the same but behave otherwise would do at
	 * run time: emptying a kept validator's codes fails. The call still answers what HAPI answers,
	 * every later call validates HAPI's way, and the log says so once, with none of the content.
	 */
	@Test
	void fallsBackToHapisWayAndSaysSoOnceWhenCodesCannotBeForgotten() throws Exception {
		ReusingInstanceValidator module = new ReusingInstanceValidator(chain, 2);
		module.setErrorForUnknownProfiles(true);
		FhirValidator validator = FHIR.newValidator().registerValidatorModule(module);
		Function<FhirValidator, List<String>> shortCccd = CASES.get("CCCD of 11 digits");
		List<String> expected = shortCccd.apply(hapi);
		assertThat(shortCccd.apply(validator)).isEqualTo(expected);

		// the one InstanceValidator now kept gets a list of codes seen that cannot be emptied
		Field idleField = ReusingInstanceValidator.class.getDeclaredField("idle");
		idleField.setAccessible(true);
		Object kept = ((Queue<?>) idleField.get(module)).peek();
		assertThat(kept).as("an InstanceValidator kept after the first call").isNotNull();
		Field validatorField = kept.getClass().getDeclaredField("validator");
		validatorField.setAccessible(true);
		Field observerField = InstanceValidator.class.getDeclaredField("codingObserver");
		observerField.setAccessible(true);
		Object observer = observerField.get(validatorField.get(kept));
		Field listField = CodingsObserver.class.getDeclaredField("list");
		listField.setAccessible(true);
		listField.set(observer, new ArrayList<Object>() {
			@Override
			public void clear() {
				throw new UnsupportedOperationException("04618500001");
			}
		});

		Logger logger = (Logger) LoggerFactory.getLogger(ReusingInstanceValidator.class);
		ListAppender<ILoggingEvent> logged = new ListAppender<>();
		logged.start();
		logger.addAppender(logged);
		try {
			for (int call = 0; call < 3; call++) {
				assertThat(shortCccd.apply(validator)).as("call " + call).isEqualTo(expected);
			}
		} finally {
			logger.detachAppender(logged);
		}
		assertThat(module.reusing()).isFalse();
		assertThat(((Queue<?>) idleField.get(module))).isEmpty();
		assertThat(logged.list).hasSize(1);
		assertThat(logged.list.get(0).getLevel()).isEqualTo(Level.WARN);
		assertThat(logged.list.get(0).getFormattedMessage())
				.contains("no longer reused")
				.doesNotContain("04618500001");
		// the validator shared by the other tests is untouched
		assertThat(CASES.get("CCCD of 11 digits").apply(reusing)).isEqualTo(expected);
	}
}
