/**
 * The node's configuration file (`HOME/foedera.json`). Paths are relative to the home directory.
 * The schema is the single description: it validates the file and documents every field.
 */
import Type, { type Static } from 'typebox';

const Listener = Type.Object(
  {
    host: Type.String({ minLength: 1, description: 'Interface to bind, e.g. 127.0.0.1 or 0.0.0.0' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, description: '0 lets the system choose; see run.json' }),
  },
  { additionalProperties: false },
);

export const NodeConfigSchema = Type.Object(
  {
    participantId: Type.String({
      pattern: '^[A-Z][A-Z0-9-]{1,31}$',
      description: 'Participant identifier, e.g. FRA',
    }),
    federation: Type.String({ minLength: 1, description: 'Name of the federation this node belongs to' }),
    protocol: Listener,
    management: Listener,
    tls: Type.Object(
      {
        key: Type.String({ minLength: 1, description: 'PKCS#8 PEM private key of the node (mode 0600)' }),
        certificate: Type.String({ minLength: 1, description: 'PEM participant certificate' }),
        ca: Type.String({ minLength: 1, description: 'PEM federation root CA certificate' }),
        crl: Type.String({
          minLength: 1,
          description: 'PEM revocation list signed by the CA; watched for changes',
        }),
      },
      { additionalProperties: false },
    ),
    idp: Type.Object(
      {
        issuer: Type.String({ minLength: 1, description: 'Issuer (`iss`) of accepted user tokens' }),
        audience: Type.String({ minLength: 1, description: 'Audience (`aud`) of accepted user tokens' }),
        key: Type.Optional(
          Type.String({
            minLength: 1,
            description: 'Local identity provider signing key (PKCS#8 PEM, ES384)',
          }),
        ),
        users: Type.Optional(
          Type.String({ minLength: 1, description: 'Local identity provider user directory' }),
        ),
        jwksUrl: Type.Optional(
          Type.String({
            minLength: 1,
            description: 'External OIDC provider key set; replaces the local key',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    store: Type.Object(
      {
        dataDir: Type.String({ minLength: 1, description: 'Embedded metadata store and blob directory' }),
        databaseUrl: Type.Optional(
          Type.String({ minLength: 1, description: 'PostgreSQL URL; DATABASE_URL in the environment wins' }),
        ),
        blobUrl: Type.Optional(Type.String({ minLength: 1, description: 'S3-compatible blob store URL' })),
      },
      { additionalProperties: false },
    ),
    audit: Type.Optional(
      Type.Object(
        {
          checkpointIntervalMs: Type.Optional(
            Type.Integer({
              minimum: 100,
              maximum: 86_400_000,
              description: 'How often a checkpoint is signed when the audit log grew (default 10000)',
            }),
          ),
          witnessIntervalMs: Type.Optional(
            Type.Integer({
              minimum: 100,
              maximum: 86_400_000,
              description: "How often peers' checkpoints are fetched and cosigned (default 15000)",
            }),
          ),
          discoverPeers: Type.Optional(
            Type.Boolean({
              description:
                'Learn audit peers from the federation directory and protocol counterparties (default true); audit/peers.json overrides',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type NodeConfig = Static<typeof NodeConfigSchema>;
