package vn.sskdt.ingest;

import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.batch2.maintenance.JobMaintenanceServiceImpl;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How often HAPI's batch jobs move on. The bulk import job is gated: each of its steps (fetch the files,
 * store them, write the report) starts at the next maintenance pass after the previous one ended, and a
 * load runs one job per level (BulkLoad). At HAPI's default of one pass a minute, a small load spent most
 * of its time waiting; a pass is one query of the job tables, so a few seconds costs nothing measurable.
 * Set before the scheduler starts (HAPI schedules its jobs when the context is refreshed).
 */
@Component
class BulkImportPace {

	BulkImportPace(IJobMaintenanceService maintenance,
			@Value("${sskdt.ingest.job-maintenance-interval:5s}") Duration interval) {
		if (maintenance instanceof JobMaintenanceServiceImpl impl) {
			impl.setScheduledJobFrequencyMillis(interval.toMillis());
		}
	}
}
