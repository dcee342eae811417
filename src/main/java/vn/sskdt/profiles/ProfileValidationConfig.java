package vn.sskdt.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.validation.JpaValidationSupportChain;
import ca.uhn.fhir.validation.FhirValidator;
import java.io.IOException;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The validator of writes: our package plus the R4 core definitions, with terminology answered in
 * memory from the package (provinces, communes, vaccines…) and HAPI's built-in code systems (UCUM,
 * languages…). No network and no database lookups, so a write is never slowed or broken by a
 * terminology server. Code systems we do not hold (LOINC, CVX, ATC, ICD-10) are accepted with a
 * warning: checking them is the profiles' job where it matters (a fixed code, an invariant). The
 * chain itself is built by {@link ProfileValidators}, which tools and tests use too.
 */
@Configuration(proxyBeanMethods = false)
class ProfileValidationConfig {

	@Bean
	NpmPackageValidationSupport sskdtProfilePackage(FhirContext fhirContext, ProfilesProperties properties)
			throws IOException {
		return ProfileValidators.loadPackage(fhirContext, properties.packageLocation());
	}

	@Bean
	FhirValidator profileValidator(FhirContext fhirContext, NpmPackageValidationSupport profiles) {
		return ProfileValidators.newValidator(fhirContext, profiles);
	}

	/**
	 * Lets {@code $validate} know our profiles too, through a copy of the package of its own: the
	 * JPA chain generates snapshots its own way and must not touch the definitions writes rely on.
	 */
	@Bean
	Object profilesInValidateOperation(JpaValidationSupportChain jpaChain, FhirContext fhirContext, ProfilesProperties properties)
			throws IOException {
		NpmPackageValidationSupport copy = new NpmPackageValidationSupport(fhirContext);
		copy.loadPackageFromClasspath(properties.packageLocation());
		jpaChain.addValidationSupport(0, copy);
		return copy;
	}
}
