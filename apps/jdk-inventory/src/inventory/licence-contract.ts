import type { JdkLicenceRisk, JdkLicenceSignal, JdkLicenceTerms } from '@keel/api-contracts';
import type { LicenceRisk, LicenceSignal, LicenceTermsId } from '@keel/jdk-detect';

// The RPC contract (scope:shared) cannot import jdk-detect (scope:jdk), so it repeats these types;
// these lines stop compiling as soon as either side gains or loses a value.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const licenceTermsMatchContract: Same<JdkLicenceTerms, LicenceTermsId> = true;
export const licenceRiskMatchesContract: Same<JdkLicenceRisk, LicenceRisk> = true;
export const licenceSignalMatchesContract: Same<JdkLicenceSignal, LicenceSignal> = true;
