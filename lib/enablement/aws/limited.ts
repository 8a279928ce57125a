import pLimit from "p-limit";
import type { EnablementAws } from "./port";

/**
 * The same interface with at most `concurrency` calls in flight: one per account keeps the calls into
 * that account under Bedrock's per-account request quotas, whatever the number of profiles.
 */
export function limitedAws(aws: EnablementAws, concurrency: number): EnablementAws {
  const limit = pLimit(concurrency);
  return {
    assumeRole: (...args) => limit(() => aws.assumeRole(...args)),
    getUseCase: (...args) => limit(() => aws.getUseCase(...args)),
    putUseCase: (...args) => limit(() => aws.putUseCase(...args)),
    getAvailability: (...args) => limit(() => aws.getAvailability(...args)),
    converse: (...args) => limit(() => aws.converse(...args)),
    converseStream: (...args) => limit(() => aws.converseStream(...args)),
    createMessage: (...args) => limit(() => aws.createMessage(...args)),
    listAgreementOffers: (...args) => limit(() => aws.listAgreementOffers(...args)),
    createAgreement: (...args) => limit(() => aws.createAgreement(...args)),
    getInferenceProfile: (...args) => limit(() => aws.getInferenceProfile(...args)),
    listFoundationModels: (...args) => limit(() => aws.listFoundationModels(...args)),
  };
}
