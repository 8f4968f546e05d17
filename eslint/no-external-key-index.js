// licit/no-external-key-index: no `object[key]` on a plain object (a Record<string, …> or any type with a
// string index signature) with a key typed `string`. Keys come from package.json files, lockfiles,
// registries and configs, and can be "__proto__", "constructor" or "toString": reading one walks the
// prototype chain (Object.prototype's members come back as values), writing "__proto__" replaces the
// prototype. Use a Map, read through Object.hasOwn, or index an object made with Object.create(null)
// (`const x = Object.create(null) as Record<…>` is recognised).
import ts from 'typescript';

export const noExternalKeyIndex = {
  meta: {
    type: 'problem',
    docs: { description: 'disallow indexing plain objects (string index signatures) with string keys that may come from outside' },
    messages: {
      unsafeIndex:
        'indexing {{object}} with a `string` key reaches Object.prototype for "__proto__"/"constructor": use a Map, Object.hasOwn, or an Object.create(null) object',
    },
    schema: [],
  },
  create(context) {
    const services = context.sourceCode.parserServices;
    if (!services?.program) throw new Error('licit/no-external-key-index needs type information (parserOptions.projectService)');
    const checker = services.program.getTypeChecker();
    const typeOf = (node) => checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));

    /** The key's type is `string` itself (not literals, numbers or symbols), or includes it. */
    const isBroadString = (type) => (type.isUnion() ? type.types.some(isBroadString) : (type.flags & (ts.TypeFlags.String | ts.TypeFlags.Any)) !== 0);

    /** A plain object read through a string index signature: not an array, tuple, Map or typed array. */
    const hasStringIndex = (type) => {
      const target = checker.getApparentType(type);
      if (checker.isArrayType(target) || checker.isTupleType(target)) return false;
      if (target.isUnion()) return target.types.some((member) => member.flags & ts.TypeFlags.Object && hasStringIndex(member));
      return checker.getIndexInfoOfType(target, ts.IndexKind.String) !== undefined;
    };

    /** `const x = Object.create(null) …` (possibly cast): a prototype-free object, safe to index. */
    const isNullPrototype = (expression) => {
      if (expression.type !== 'Identifier') return false;
      const symbol = checker.getSymbolAtLocation(services.esTreeNodeToTSNodeMap.get(expression));
      const declaration = symbol?.valueDeclaration;
      if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
      let initializer = declaration.initializer;
      while (ts.isAsExpression(initializer) || ts.isParenthesizedExpression(initializer) || ts.isSatisfiesExpression(initializer)) initializer = initializer.expression;
      return ts.isCallExpression(initializer) && initializer.getText().replace(/\s+/g, '') === 'Object.create(null)';
    };

    return {
      MemberExpression(node) {
        if (!node.computed || node.property.type === 'Literal' || node.property.type === 'TemplateLiteral' && node.property.expressions.length === 0) return;
        const keyType = typeOf(node.property);
        if (!isBroadString(keyType)) return;
        const objectType = typeOf(node.object);
        if ((objectType.flags & ts.TypeFlags.Any) !== 0 || !hasStringIndex(objectType)) return;
        if (isNullPrototype(node.object)) return;
        context.report({ node, messageId: 'unsafeIndex', data: { object: context.sourceCode.getText(node.object).slice(0, 40) } });
      },
    };
  },
};

export default { rules: { 'no-external-key-index': noExternalKeyIndex } };
