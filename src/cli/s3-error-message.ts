/**
 * The advice the AWS CLI adds to some S3 errors (its s3errormsg.py): a bucket in another region (S3's
 * PermanentRedirect names the endpoint to use), a region that needs Signature Version 4, and KMS-encrypted
 * objects that need it. The message is the service's, completed; the code and exit status stay.
 */
import type { ServiceError } from '../core/errors.js';

const REGION_ADVICE =
  'You can fix this issue by explicitly providing the correct region location using the --region argument, the AWS_DEFAULT_REGION environment variable, or the region variable in the AWS CLI configuration file.  You can get the bucket\'s location by running "aws s3api get-bucket-location --bucket BUCKET".';

/** The message to print for an S3 error: the service's, with the CLI's advice where it gives some. */
export function s3ErrorMessage(err: ServiceError): string {
  const message = err.message;
  if (message.includes('Please use AWS4-HMAC-SHA256'))
    return `You are attempting to operate on a bucket in a region that requires Signature Version 4.  ${REGION_ADVICE}`;
  if (err.code === 'PermanentRedirect')
    return `${message.slice(0, -1)}: ${String(err.data.Endpoint)}\n${REGION_ADVICE}`;
  if (message.includes('AWS KMS managed keys require AWS Signature Version 4'))
    return `${message} You can enable AWS Signature Version 4 by running the command: \naws configure set s3.signature_version s3v4`;
  return message;
}
