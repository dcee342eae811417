package vn.sskdt.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationOptions;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Builds the validator's snapshots and compiled rules once, right after start-up and off the main
 * thread, so that the first station to sync does not wait ~10 s for it (or time out). Not when
 * validation is off: nothing would use them, and they take ~200 MB of heap.
 */
@Component
class ProfileWarmUp {

	private static final Logger log = LoggerFactory.getLogger(ProfileWarmUp.class);

	private final FhirContext fhirContext;
	private final FhirValidator validator;
	private final NpmPackageValidationSupport profiles;
	private final boolean enforced;

	ProfileWarmUp(FhirContext fhirContext, FhirValidator profileValidator, NpmPackageValidationSupport profiles,
			ProfilesProperties properties) {
		this.fhirContext = fhirContext;
		this.validator = profileValidator;
		this.profiles = profiles;
		this.enforced = properties.enforced();
	}

	@EventListener(ApplicationReadyEvent.class)
	void warmUp() {
		if (!enforced) {
			log.info("Profile validation is off (sskdt.profiles.enforced=false): validator not prepared");
			return;
		}
		Thread thread = new Thread(this::validateOnePerProfile, "profile-warm-up");
		thread.setDaemon(true);
		thread.start();
	}

	private void validateOnePerProfile() {
		long start = System.nanoTime();
		int count = 0;
		for (IBaseResource definition : profiles.fetchAllStructureDefinitions()) {
			StructureDefinition profile = (StructureDefinition) definition;
			if (profile.getKind() != StructureDefinition.StructureDefinitionKind.RESOURCE) {
				continue;
			}
			IBaseResource empty = fhirContext.getResourceDefinition(profile.getType()).newInstance();
			validator.validateWithResult(empty, new ValidationOptions().addProfile(profile.getUrl()));
			count++;
		}
		log.info("Validator ready: {} profiles prepared in {} ms", count, (System.nanoTime() - start) / 1_000_000);
	}
}
