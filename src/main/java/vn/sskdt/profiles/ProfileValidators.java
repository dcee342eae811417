package vn.sskdt.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import java.io.IOException;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/**
 * The validation chain of writes ({@link ProfileValidationConfig}), also usable without the server:
 * tools and tests that must check resources exactly as the server does build it here.
 */
public final class ProfileValidators {

	private ProfileValidators() {}

	/** Our FHIR package, e.g. from {@code classpath:fhir/package.tgz}. */
	public static NpmPackageValidationSupport loadPackage(FhirContext fhirContext, String location) throws IOException {
		NpmPackageValidationSupport profiles = new NpmPackageValidationSupport(fhirContext);
		profiles.loadPackageFromClasspath(location);
		return profiles;
	}

	/**
	 * Our package plus the R4 core definitions, with terminology answered in memory from the package
	 * and HAPI's built-in code systems; code systems we do not hold are accepted with a warning; a
	 * profile we do not know is an error.
	 */
	public static FhirValidator newValidator(FhirContext fhirContext, NpmPackageValidationSupport profiles) {
		UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
				new UnknownCodeSystemWarningValidationSupport(fhirContext);
		unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
		ValidationSupportChain chain = new ValidationSupportChain(
				new VietnameseLanguage(fhirContext),
				new IndicatorRuleLanguage(fhirContext),
				profiles,
				new DefaultProfileValidationSupport(fhirContext),
				new CommonCodeSystemsTerminologyService(fhirContext),
				new InMemoryTerminologyServerValidationSupport(fhirContext),
				new SnapshotGeneratingValidationSupport(fhirContext),
				unknownCodeSystems);
		FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
		// a profile we do not know is a mistake of the sender, not something to skip silently
		instanceValidator.setErrorForUnknownProfiles(true);
		FhirValidator validator = fhirContext.newValidator();
		validator.registerValidatorModule(instanceValidator);
		return validator;
	}
}
