package vn.sskdt.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.validation.JpaValidationSupportChain;
import ca.uhn.fhir.validation.FhirValidator;
import java.io.IOException;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The validator of writes: our package plus the R4 core definitions, with terminology answered in
 * memory from the package (provinces, communes, vaccines…) and HAPI's built-in code systems (UCUM,
 * languages…). No network and no database lookups, so a write is never slowed or broken by a
 * terminology server. Code systems we do not hold (LOINC, CVX, ATC, ICD-10) are accepted with a
 * warning: checking them is the profiles' job where it matters (a fixed code, an invariant).
 */
@Configuration(proxyBeanMethods = false)
class ProfileValidationConfig {

	@Bean
	NpmPackageValidationSupport sskdtProfilePackage(FhirContext fhirContext, ProfilesProperties properties)
			throws IOException {
		NpmPackageValidationSupport profiles = new NpmPackageValidationSupport(fhirContext);
		profiles.loadPackageFromClasspath(properties.packageLocation());
		return profiles;
	}

	@Bean
	FhirValidator profileValidator(FhirContext fhirContext, NpmPackageValidationSupport profiles) {
		// HAPI's FhirInstanceValidator, keeping its core validators between calls (see the class)
		FhirInstanceValidator instanceValidator = new ReusingInstanceValidator(
				validationChain(fhirContext, profiles), Math.max(2, Runtime.getRuntime().availableProcessors()));
		// a profile we do not know is a mistake of the sender, not something to skip silently
		instanceValidator.setErrorForUnknownProfiles(true);
		FhirValidator validator = fhirContext.newValidator();
		validator.registerValidatorModule(instanceValidator);
		return validator;
	}

	/** Where the validator of writes finds definitions and checks codes, in this order. */
	static ValidationSupportChain validationChain(FhirContext fhirContext, NpmPackageValidationSupport profiles) {
		UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
				new UnknownCodeSystemWarningValidationSupport(fhirContext);
		unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
		return new ValidationSupportChain(
				new VietnameseLanguage(fhirContext),
				profiles,
				new DefaultProfileValidationSupport(fhirContext),
				new CommonCodeSystemsTerminologyService(fhirContext),
				new InMemoryTerminologyServerValidationSupport(fhirContext),
				new SnapshotGeneratingValidationSupport(fhirContext),
				unknownCodeSystems);
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
