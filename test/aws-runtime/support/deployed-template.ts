import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The synthesized CloudFormation template, resolved as CloudFormation would resolve it in one
 * account and region: `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Split`, `Fn::Select` and `Fn::Sub`
 * over the template's own logical ids give fake but well-formed names and ARNs, except where
 * the test says what a resource is (the Bank table, the block bucket, the secret).
 */

export const account = '000000000000';
export const region = 'us-east-1';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
  readonly Metadata?: Record<string, Json>;
}

const pseudoParameters: Readonly<Record<string, string>> = {
  'AWS::AccountId': account,
  'AWS::Region': region,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'Karbor',
  'AWS::NoValue': '',
};

const isRecord = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export class DeployedTemplate {
  readonly resources: Readonly<Record<string, TemplateResource>>;
  readonly #refs: Readonly<Record<string, string>>;

  /** `refs`: what `Ref` of a logical id gives where the test decides it (table name, bucket, …). */
  constructor(templateFile: string, refs: Readonly<Record<string, string>> = {}) {
    const template = JSON.parse(readFileSync(templateFile, 'utf8')) as {
      Resources: Record<string, TemplateResource>;
    };
    this.resources = template.Resources;
    this.#refs = refs;
  }

  static fromAssembly(assembly: string, refs: Readonly<Record<string, string>> = {}): DeployedTemplate {
    return new DeployedTemplate(join(assembly, 'Karbor.template.json'), refs);
  }

  /** Logical ids of the resources of a type, in template order. */
  ofType(type: string): string[] {
    return Object.entries(this.resources)
      .filter(([, resource]) => resource.Type === type)
      .map(([id]) => id);
  }

  /** The one resource of `type` whose logical id starts with `prefix`. */
  logicalId(type: string, prefix: string): string {
    const found = this.ofType(type).filter((id) => id.startsWith(prefix));
    if (found.length !== 1) throw new Error(`${found.length} resources of ${type} start with ${prefix}`);
    return found[0] as string;
  }

  resource(id: string): TemplateResource {
    const resource = this.resources[id];
    if (!resource) throw new Error(`the template has no resource ${id}`);
    return resource;
  }

  ref(id: string): string {
    const pseudo = pseudoParameters[id];
    if (pseudo !== undefined) return pseudo;
    const given = this.#refs[id];
    if (given !== undefined) return given;
    const resource = this.resource(id);
    const name = resource.Properties?.StateMachineName ?? resource.Properties?.FunctionName;
    switch (resource.Type) {
      case 'AWS::Lambda::Function':
        return typeof name === 'string' ? name : id;
      case 'AWS::ECS::TaskDefinition':
        return `arn:aws:ecs:${region}:${account}:task-definition/${String(resource.Properties?.Family ?? id)}:1`;
      case 'AWS::StepFunctions::StateMachine':
        return this.#arn('states', `stateMachine:${String(name ?? id)}`);
      case 'AWS::EC2::Subnet':
        return `subnet-${id.toLowerCase()}`;
      case 'AWS::EC2::SecurityGroup':
        return `sg-${id.toLowerCase()}`;
      default:
        return id;
    }
  }

  getAtt(id: string, attribute: string): string {
    const resource = this.resource(id);
    if (attribute === 'Arn') return this.#arnOf(id, resource);
    if (attribute === 'GroupId') return this.ref(id);
    if (attribute === 'Name') return this.ref(id);
    return `${id}.${attribute}`;
  }

  #arn(service: string, resource: string): string {
    return `arn:aws:${service}:${region}:${account}:${resource}`;
  }

  #arnOf(id: string, resource: TemplateResource): string {
    switch (resource.Type) {
      case 'AWS::Lambda::Function':
        return this.#arn('lambda', `function:${this.ref(id)}`);
      case 'AWS::ECS::Cluster':
        return this.#arn('ecs', `cluster/${id}`);
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${account}:role/${id}`;
      case 'AWS::DynamoDB::Table':
        return this.#arn('dynamodb', `table/${this.ref(id)}`);
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${this.ref(id)}`;
      default:
        return this.#arn(resource.Type.split('::')[1]?.toLowerCase() ?? 'unknown', id);
    }
  }

  /** A template value with every intrinsic function it uses resolved. */
  resolve(value: Json | undefined): Json {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (!isRecord(value)) return value ?? null;
    const [key, argument] = Object.entries(value)[0] ?? [];
    if (Object.keys(value).length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::')))
      return this.#intrinsic(key, argument as Json);
    return Object.fromEntries(Object.entries(value).map(([name, child]) => [name, this.resolve(child)]));
  }

  resolveString(value: Json | undefined): string {
    const resolved = this.resolve(value);
    if (typeof resolved !== 'string') throw new Error(`expected a string, got ${JSON.stringify(resolved)}`);
    return resolved;
  }

  #intrinsic(name: string, argument: Json): Json {
    const args = Array.isArray(argument) ? argument : [argument];
    switch (name) {
      case 'Ref':
        return this.ref(String(argument));
      case 'Fn::GetAtt': {
        const [id, attribute] = typeof argument === 'string' ? argument.split('.') : args.map(String);
        return this.getAtt(String(id), String(attribute));
      }
      case 'Fn::Join': {
        const [separator, items] = args;
        return (this.resolve(items) as Json[]).map(String).join(String(separator));
      }
      case 'Fn::Split': {
        const [separator, text] = args;
        return this.resolveString(text).split(String(separator));
      }
      case 'Fn::Select': {
        const [index, list] = args;
        return (this.resolve(list) as Json[])[Number(this.resolve(index))] ?? null;
      }
      case 'Fn::Sub': {
        const [text, variables] = typeof argument === 'string' ? [argument, {}] : args;
        const given = isRecord(variables) ? variables : {};
        return String(text).replace(/\$\{([^}]+)\}/g, (_, variable: string) => {
          if (given[variable] !== undefined) return this.resolveString(given[variable]);
          const [id, attribute] = variable.split('.');
          return attribute === undefined ? this.ref(String(id)) : this.getAtt(String(id), attribute);
        });
      }
      default:
        throw new Error(`the harness cannot resolve ${name}`);
    }
  }
}
