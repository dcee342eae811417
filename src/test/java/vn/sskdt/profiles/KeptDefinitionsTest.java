package vn.sskdt.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.model.ValueSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The validator's definitions are asked of the support chain once per URL, and answered the same way
 * as HAPI's worker context answers them, found or not.
 */
class KeptDefinitionsTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final String PATIENT = "http://hl7.org/fhir/StructureDefinition/Patient";

	/** The R4 core definitions, counting how often they are asked for something. */
	private static final class CountingSupport implements IValidationSupport {
		final DefaultProfileValidationSupport core = new DefaultProfileValidationSupport(FHIR);
		final AtomicInteger asked = new AtomicInteger();

		@Override
		public FhirContext getFhirContext() {
			return FHIR;
		}

		@Override
		public <T extends IBaseResource> T fetchResource(Class<T> type, String url) {
			asked.incrementAndGet();
			return core.fetchResource(type, url);
		}
	}

	private CountingSupport chain;
	private KeptDefinitions definitions;

	@BeforeEach
	void definitions() {
		chain = new CountingSupport();
		definitions = new KeptDefinitions(chain);
	}

	@Test
	void asksTheChainOnceForADefinitionFound() {
		StructureDefinition first = definitions.fetchResource(StructureDefinition.class, PATIENT);
		StructureDefinition again = definitions.fetchResource(StructureDefinition.class, PATIENT);

		assertThat(first).isNotNull();
		assertThat(first.getType()).isEqualTo("Patient");
		assertThat(again).isSameAs(first);
		assertThat(chain.asked).hasValue(1);
	}

	@Test
	void asksTheChainOnceForAUrlThatNamesNothingAndFailsAsHapiDoes() {
		String loinc = "http://loinc.org";
		assertThat(definitions.fetchResource(ValueSet.class, loinc)).isNull();
		assertThatThrownBy(() -> definitions.fetchResourceWithException(ValueSet.class, loinc))
				.isInstanceOf(FHIRException.class)
				.hasMessage("HAPI-0667: Can not find resource of type ValueSet with uri http://loinc.org");
		assertThat(chain.asked).hasValue(1);
		// what HAPI's own adapter says for the same question
		assertThatThrownBy(() -> new org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter(chain)
				.fetchResourceWithException(ValueSet.class, loinc))
				.isInstanceOf(FHIRException.class)
				.hasMessage("HAPI-0667: Can not find resource of type ValueSet with uri http://loinc.org");
	}

	@Test
	void keepsTheAnswerPerTypeAskedFor() {
		assertThat(definitions.fetchResource(StructureDefinition.class, PATIENT)).isNotNull();
		assertThat(definitions.fetchResource(ValueSet.class, PATIENT)).isNull();
		assertThat(chain.asked).hasValue(2);
	}

	@Test
	void asksAgainAfterTheCachesAreInvalidated() {
		definitions.fetchResource(StructureDefinition.class, PATIENT);
		definitions.fetchResource(ValueSet.class, "http://loinc.org");
		definitions.invalidateCaches();
		definitions.fetchResource(StructureDefinition.class, PATIENT);
		definitions.fetchResource(ValueSet.class, "http://loinc.org");
		assertThat(chain.asked).hasValue(4);
	}

	/** URLs that name nothing come from the content validated: any number of them keeps a bounded number. */
	@Test
	void keepsABoundedNumberOfUrlsThatNameNothing() {
		for (int i = 0; i < KeptDefinitions.MISSES_KEPT + 500; i++) {
			definitions.fetchResource(ValueSet.class, "http://example.org/system-" + i);
		}
		assertThat(definitions.missesKept()).isLessThanOrEqualTo(KeptDefinitions.MISSES_KEPT);
	}
}
