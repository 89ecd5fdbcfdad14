/**
 * What the AWS CLI adds to help pages beyond the models' documentation: iot_data.py's note on the
 * service's own endpoint (on the service's page and each command's), route53.py's note on
 * create-hosted-zone's `--hosted-zone-config`, and s3events.py's deprecation of S3's `Expires` in
 * outputs, with the `ExpiresString` member the CLI adds to them (core/quirks.ts), and its OUTPUT section
 * of select-object-content, whose records go to a file (select-outfile.ts).
 */

/** By CLI service: a note after the description of its page and of each of its commands. */
export const DESCRIPTION_NOTES: Readonly<Record<string, string>> = {
  'iot-data':
    'For production code it is strongly recommended to use the custom endpoint for your account (retrievable via the iot describe-endpoint command) to ensure best availability and reachability of the service. The default endpoints (intended for testing purposes only) can be found at https://docs.aws.amazon.com/general/latest/gr/iot-core.html#iot-core-data-plane-endpoints',
};

/** By `<cli service>.<command>.<option>`: a paragraph after the option's documentation. */
export const OPTION_NOTES: Readonly<Record<string, string>> = {
  'route53.create-hosted-zone.hosted-zone-config':
    'Note do not include PrivateZone in this input structure. Its value is returned in the output to the command.',
};

/** An output member's note, and members documented after it that the model does not have. */
export interface OutputNote {
  note: string;
  then: ReadonlyArray<{ name: string; type: string; text: string }>;
}

/** By CLI service, then top-level output member (of that type). */
export const OUTPUT_NOTES: Readonly<Record<string, Readonly<Record<string, OutputNote & { type: string }>>>> = {
  s3api: {
    Expires: {
      type: 'timestamp',
      note: 'This member has been deprecated. Please use ExpiresString instead.',
      then: [{ name: 'ExpiresString', type: 'string', text: 'The raw, unparsed value of the Expires field.' }],
    },
  },
};

/** By `<cli service>.<command>`: the OUTPUT section's text in place of the output's members. */
export const OUTPUT_REPLACEMENTS: Readonly<Record<string, string>> = {
  's3api.select-object-content':
    'This command generates no output.  The selected object content is written to the specified outfile.',
  'datapipeline.get-pipeline-definition':
    'The pipeline definition, in the Data Pipeline definition file format that put-pipeline-definition takes (https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-writing-pipeline-definition.html).',
};
